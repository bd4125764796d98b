/*
 * The lineage feature's service: ingest OpenLineage events (mapped to the
 * catalog), answer lineage graphs and usage, flag undeclared consumption to
 * the dataset owner (once), keep the mapping current and apply retention.
 */
import { stringifyError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  LineageColumnEdge,
  LineageDatasetNode,
  LineageGraphResponse,
  LineageIngestResponse,
  LineageJobNode,
  LineageRelationsResponse,
  LineageSide,
  LineageUnmatchedResponse,
  LineageUsageDay,
  LineageUsageResponse,
} from '@meshport/plugin-data-products-common';
import type { AccessGrantsService } from '../features';
import { extractLineage, LineageRows, toEventRows } from './extract';
import type {
  LineageStore,
  StoredDataset,
  StoredJob,
  UndeclaredRow,
} from './LineageStore';
import { CatalogIndex, lower, matchDataset, matchJobProduct } from './naming';
import { RunEvent } from './openlineage';
import { buildUndeclaredNotification, findUndeclaredReads } from './undeclared';
import { walkLineage } from './walk';
import { DAY_MS } from '../lib/time';

/** Where the service reads the catalog (cached; refreshed by the caller's TTL). */
export interface CatalogIndexSource {
  get(): Promise<CatalogIndex>;
}

export interface UndeclaredNotifier {
  send(
    notification: ReturnType<typeof buildUndeclaredNotification>,
  ): Promise<void>;
}

export class LineageService {
  constructor(
    private readonly options: {
      store: LineageStore;
      catalog: CatalogIndexSource;
      logger: LoggerService;
      notifier?: UndeclaredNotifier;
      /** The access requests' grants: a granted read is a declared one. */
      grants?: AccessGrantsService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  async ingest(events: RunEvent[]): Promise<LineageIngestResponse> {
    const index = await this.options.catalog.get();
    const rows = toEventRows(events);
    const now = this.now();
    const result = await this.options.store.ingest(
      rows,
      stored =>
        extractLineage(
          stored.map(row => row.event),
          index,
        ),
      now,
    );
    await this.flagUndeclared(result.rows, index, now);
    return {
      received: events.length,
      stored: result.stored.length,
      unmatchedDatasets: result.rows.datasets
        .filter(ds => !ds.datasetRef)
        .map(ds => ({ namespace: ds.namespace, name: ds.name })),
    };
  }

  /** Each consumer's granted Dataset refs (active requests). */
  private async grantedTo(consumers: string[]) {
    const granted = new Map<string, Set<string>>();
    for (const consumer of new Set(consumers)) {
      const requests = this.options.grants
        ? await this.options.grants.listActiveForConsumer(consumer)
        : [];
      granted.set(consumer, new Set(requests.map(r => lower(r.dataset))));
    }
    return granted;
  }

  private async flagUndeclared(
    rows: LineageRows,
    index: CatalogIndex,
    now: Date,
  ) {
    const candidates = findUndeclaredReads(rows, index, new Map());
    if (candidates.length === 0) return;
    // Grants only for the consumers concerned.
    const granted = await this.grantedTo(candidates.map(c => c.consumer));
    const undeclared = findUndeclaredReads(rows, index, granted);
    const pending = await this.options.store.recordUndeclared(undeclared, now);
    if (!this.options.notifier || pending.length === 0) return;
    const jobs = new Map(rows.jobs.map(job => [job.key, job]));
    const notified: typeof pending = [];
    for (const row of pending) {
      const notification = buildUndeclaredNotification(
        row,
        index,
        jobs.get(row.jobKey),
      );
      try {
        await this.options.notifier.send(notification);
        notified.push(row);
      } catch (error) {
        this.options.logger.warn(
          `Could not notify the owner of ${
            row.datasetRef
          } of an undeclared read: ${stringifyError(error)}`,
        );
      }
    }
    await this.options.store.markNotified(notified, now);
  }

  /** Datasets and jobs of the entity: a Dataset's identifiers, a DataProduct's datasets and jobs. */
  private async startOf(entityRef: string, index: CatalogIndex) {
    const ref = lower(entityRef);
    const datasetRefs = ref.startsWith('dataproduct:')
      ? [...index.datasets.values()]
          .filter(ds => ds.dataProduct === ref)
          .map(ds => ds.ref)
      : [ref];
    const [datasets, jobs] = await Promise.all([
      this.options.store.datasetsByRefs(datasetRefs),
      ref.startsWith('dataproduct:')
        ? this.options.store.jobsOfProducts([ref])
        : Promise.resolve([] as StoredJob[]),
    ]);
    return { datasetRefs, datasets, jobs };
  }

  async graph(entityRef: string, depth: number): Promise<LineageGraphResponse> {
    const { store } = this.options;
    const index = await this.options.catalog.get();
    const start = await this.startOf(entityRef, index);
    const walked = await walkLineage(
      store,
      {
        datasets: start.datasets.map(ds => ds.key),
        jobs: start.jobs.map(job => job.key),
      },
      depth,
    );
    const datasetNodes = walked.datasets;
    const jobNodes = walked.jobs;
    const edges = walked.edges;
    const truncated = walked.truncated;

    const [allColumnEdges, datasets, jobs, undeclared] = await Promise.all([
      store.columnEdgesOf([...datasetNodes.keys()]),
      store.datasetsByKeys([...datasetNodes.keys()]),
      store.jobsByKeys([...jobNodes.keys()]),
      store.undeclaredFor(
        start.datasetRefs.length ? start.datasetRefs : [lower(entityRef)],
      ),
    ]);
    // Column lineage between datasets of this graph (an input reached only
    // through another dataset's columns is not up- or downstream of the entity).
    const columnEdges = allColumnEdges.filter(edge =>
      datasetNodes.has(edge.inputDatasetKey),
    );
    const jobNames = new Map(
      jobs.map(job => [job.key, `${job.namespace}/${job.name}`]),
    );

    return {
      entityRef: lower(entityRef),
      depth,
      datasets: datasets
        .map(ds => toDatasetNode(ds, datasetNodes.get(ds.key)!, index))
        .sort(byDistance),
      jobs: jobs
        .map(job => toJobNode(job, jobNodes.get(job.key)!, index))
        .sort(byDistance),
      edges: [...edges.values()].map(edge => ({
        jobId: edge.jobKey,
        datasetId: edge.datasetKey,
        direction: edge.direction,
        lastSeen: edge.lastSeen.toISOString(),
      })),
      columnEdges: columnEdges.map(
        (edge): LineageColumnEdge => ({
          datasetId: edge.datasetKey,
          field: edge.field,
          inputDatasetId: edge.inputDatasetKey,
          inputField: edge.inputField,
          jobId: edge.jobKey,
          ...(edge.transformation
            ? { transformation: edge.transformation }
            : {}),
        }),
      ),
      undeclared: (await this.stillUndeclared(undeclared, index)).map(row => ({
        datasetRef: row.datasetRef,
        consumer: row.consumer,
        ...(index.products.get(row.consumer)
          ? { consumerTitle: index.products.get(row.consumer)!.title }
          : {}),
        job: jobNames.get(row.jobKey) ?? row.jobKey,
        firstSeen: row.firstSeen.toISOString(),
        lastSeen: row.lastSeen.toISOString(),
        ...(row.notifiedAt ? { notifiedAt: row.notifiedAt.toISOString() } : {}),
      })),
      truncated,
    };
  }

  /** Reads recorded as undeclared that still are: no input port or grant since. */
  private async stillUndeclared(rows: UndeclaredRow[], index: CatalogIndex) {
    const granted = await this.grantedTo(rows.map(r => r.consumer));
    return rows.filter(
      row =>
        !index.products.get(row.consumer)?.inputs.includes(row.datasetRef) &&
        !granted.get(row.consumer)?.has(row.datasetRef),
    );
  }

  async usage(entityRef: string, days: number): Promise<LineageUsageResponse> {
    const index = await this.options.catalog.get();
    const start = await this.startOf(entityRef, index);
    const now = this.now().getTime();
    const sinceMs = Math.min(now - days * DAY_MS, now - 30 * DAY_MS);
    const sinceDay = new Date(sinceMs).toISOString().slice(0, 10);
    const [reads, collected] = await Promise.all([
      this.options.store.readsOf(
        start.datasets.map(ds => ds.key),
        sinceMs,
      ),
      this.options.store.usageOf(start.datasetRefs, sinceDay),
    ]);
    const daily = new Map<string, LineageUsageDay>();
    const add = (day: string, consumer: string, count: number) => {
      const key = `${day}|${consumer}`;
      const entry = daily.get(key) ?? {
        day,
        consumer,
        ...(index.products.get(consumer)
          ? { consumerTitle: index.products.get(consumer)!.title }
          : {}),
        reads: 0,
      };
      entry.reads += count;
      daily.set(key, entry);
    };
    const seenRuns = new Set<string>();
    let lastRead: number | undefined;
    const readers = new Set<string>();
    const recent = now - 30 * DAY_MS;
    for (const read of reads) {
      if (seenRuns.has(read.runId)) continue;
      seenRuns.add(read.runId);
      const consumer =
        read.dataProduct ?? `${read.jobNamespace}/${read.jobName}`;
      add(new Date(read.eventTime).toISOString().slice(0, 10), consumer, 1);
      lastRead = Math.max(lastRead ?? 0, read.eventTime);
      if (read.eventTime >= recent) readers.add(consumer);
    }
    for (const row of collected) {
      if (row.reads <= 0) continue;
      add(row.day, row.consumer, row.reads);
      const dayStart = Date.parse(`${row.day}T00:00:00Z`);
      lastRead = Math.max(lastRead ?? 0, dayStart);
      if (dayStart >= recent - DAY_MS) readers.add(row.consumer);
    }
    const first = new Date(now - days * DAY_MS).toISOString().slice(0, 10);
    return {
      entityRef: lower(entityRef),
      days,
      daily: [...daily.values()]
        .filter(entry => entry.day >= first)
        .sort(
          (a, b) =>
            a.day.localeCompare(b.day) || a.consumer.localeCompare(b.consumer),
        ),
      ...(lastRead !== undefined
        ? { lastRead: new Date(lastRead).toISOString() }
        : {}),
      readersLast30Days: [...readers].sort(),
    };
  }

  /** For retirement: reads of a product's datasets by others, last 30 days. */
  async summarizeReads(productRef: string) {
    const usage = await this.usage(productRef, 30);
    const self = lower(productRef);
    return {
      ...(usage.lastRead ? { lastRead: usage.lastRead } : {}),
      readersLast30Days: usage.readersLast30Days.filter(r => r !== self),
    };
  }

  /** For the consumption model: reads flagged undeclared on these datasets. */
  async undeclaredReadsOf(
    datasetRefs: string[],
  ): Promise<Array<{ dataset: string; consumer: string }>> {
    if (!datasetRefs.length) return [];
    const rows = await this.options.store.undeclaredFor(datasetRefs.map(lower));
    return rows.map(row => ({
      dataset: row.datasetRef,
      consumer: row.consumer,
    }));
  }

  async unmatched(limit = 200): Promise<LineageUnmatchedResponse> {
    const rows = await this.options.store.listUnmatched(limit);
    return {
      items: rows.map(row => ({
        namespace: row.namespace,
        name: row.name,
        lastSeen: row.lastSeen.toISOString(),
      })),
    };
  }

  async relations(): Promise<LineageRelationsResponse> {
    const edges = await this.options.store.listMappedEdges();
    const items = new Map<string, { source: string; target: string }>();
    for (const edge of edges) {
      const pair =
        edge.direction === 'input'
          ? { source: edge.datasetRef, target: edge.dataProduct }
          : { source: edge.dataProduct, target: edge.datasetRef };
      items.set(`${pair.source}|${pair.target}`, pair);
    }
    return { items: [...items.values()] };
  }

  /** Matches what was unmatched against the current catalog, then deletes what is past retention. */
  async maintain(
    retentionMs: number,
  ): Promise<{ remapped: number; deleted: number }> {
    const { store } = this.options;
    const index = await this.options.catalog.get();
    const unmapped = await store.listUnmapped();
    let remapped = 0;
    for (const ds of unmapped.datasets) {
      const ref = matchDataset(index, ds.namespace, ds.name);
      if (ref) {
        await store.setDatasetRef(ds.key, ref);
        remapped++;
      }
    }
    for (const job of unmapped.jobs) {
      const outputs = await this.outputRefsOf(job);
      const product = matchJobProduct(
        index,
        { namespace: job.namespace },
        outputs,
      );
      if (product) {
        await store.setJobProduct(job.key, product);
        remapped++;
      }
    }
    const deleted = await store.deleteOlderThan(
      new Date(this.now().getTime() - retentionMs),
    );
    return { remapped, deleted };
  }

  private async outputRefsOf(job: StoredJob): Promise<string[]> {
    const edges = await this.options.store.edgesOfJobs([job.key], 'output');
    const datasets = await this.options.store.datasetsByKeys(
      edges.map(e => e.datasetKey),
    );
    return datasets.map(ds => ds.datasetRef).filter((r): r is string => !!r);
  }
}

function byDistance(
  a: { distance: number; name: string },
  b: { distance: number; name: string },
) {
  return a.distance - b.distance || a.name.localeCompare(b.name);
}

function toDatasetNode(
  ds: StoredDataset,
  at: { distance: number; side: LineageSide },
  index: CatalogIndex,
): LineageDatasetNode {
  const title = ds.datasetRef
    ? index.datasets.get(ds.datasetRef)?.title
    : undefined;
  return {
    id: ds.key,
    namespace: ds.namespace,
    name: ds.name,
    ...(ds.datasetRef ? { datasetRef: ds.datasetRef } : {}),
    ...(title ? { title } : {}),
    distance: at.distance,
    side: at.side,
    fields: ds.fields,
  };
}

function toJobNode(
  job: StoredJob,
  at: { distance: number; side: LineageSide },
  index: CatalogIndex,
): LineageJobNode {
  const title = job.dataProduct
    ? index.products.get(job.dataProduct)?.title
    : undefined;
  return {
    id: job.key,
    namespace: job.namespace,
    name: job.name,
    ...(job.dataProduct ? { dataProduct: job.dataProduct } : {}),
    ...(title ? { dataProductTitle: title } : {}),
    ...(job.lastRunId && job.lastState && job.lastEventTime !== undefined
      ? {
          lastRun: {
            runId: job.lastRunId,
            state: job.lastState,
            at: new Date(job.lastEventTime).toISOString(),
          },
        }
      : {}),
    distance: at.distance,
    side: at.side,
  };
}
