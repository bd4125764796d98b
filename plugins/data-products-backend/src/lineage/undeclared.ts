/*
 * Pure: undeclared consumption. A product's job reads another product's
 * Dataset that the product neither lists as an input port nor holds a grant
 * on. The dataset owner is told once.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { JobRow, LineageRows } from './extract';
import type { UndeclaredRow } from './LineageStore';
import type { CatalogIndex } from './naming';

export const LINEAGE_NOTIFICATION_TOPIC = 'data-products-lineage';

export interface UndeclaredRead {
  datasetRef: string;
  consumer: string;
  jobKey: string;
}

/**
 * The reads in `rows` that are undeclared. `granted` holds each consumer's
 * granted Dataset refs; a consumer missing from it counts as holding none.
 */
export function findUndeclaredReads(
  rows: LineageRows,
  index: CatalogIndex,
  granted: Map<string, Set<string>>,
): UndeclaredRead[] {
  const jobs = new Map(rows.jobs.map(job => [job.key, job]));
  const datasets = new Map(rows.datasets.map(ds => [ds.key, ds]));
  const found = new Map<string, UndeclaredRead>();
  for (const edge of rows.edges) {
    if (edge.direction !== 'input') continue;
    const consumer = jobs.get(edge.jobKey)?.dataProduct;
    const datasetRef = datasets.get(edge.datasetKey)?.datasetRef;
    if (!consumer || !datasetRef) continue;
    const dataset = index.datasets.get(datasetRef);
    const product = index.products.get(consumer);
    if (!dataset || !product || dataset.dataProduct === consumer) continue;
    if (product.inputs.includes(datasetRef)) continue;
    if (granted.get(consumer)?.has(datasetRef)) continue;
    found.set(`${datasetRef}|${consumer}`, {
      datasetRef,
      consumer,
      jobKey: edge.jobKey,
    });
  }
  return [...found.values()];
}

/** The dataset's Lineage tab, e.g. `/catalog/default/dataset/orders/lineage`. */
export function datasetLineageLink(datasetRef: string): string {
  const ref = parseEntityRef(datasetRef);
  return `/catalog/${encodeURIComponent(
    ref.namespace,
  )}/dataset/${encodeURIComponent(ref.name)}/lineage`;
}

export function buildUndeclaredNotification(
  row: UndeclaredRow,
  index: CatalogIndex,
  job: JobRow | undefined,
): NotificationSendOptions {
  const dataset = index.datasets.get(row.datasetRef);
  const consumer = index.products.get(row.consumer);
  const datasetTitle = dataset?.title ?? parseEntityRef(row.datasetRef).name;
  const consumerTitle = consumer?.title ?? parseEntityRef(row.consumer).name;
  const jobName = job ? `${job.namespace}/${job.name}` : 'a job';
  return {
    recipients: {
      type: 'entity',
      entityRef: dataset?.owner || row.datasetRef,
    },
    payload: {
      title: `Undeclared read of ${datasetTitle}`,
      description: `${consumerTitle} reads ${datasetTitle} (job ${jobName}) without an input port or an access grant. Ask its owners to request access, or revoke what lets it read.`,
      link: datasetLineageLink(row.datasetRef),
      severity: 'high',
      topic: LINEAGE_NOTIFICATION_TOPIC,
    },
  };
}
