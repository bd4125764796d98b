/*
 * The notifications of SLO breaches: what the owners of a dataset are told
 * when one of its SLOs is breached and when it recovers. Pure.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  DatasetEntity,
  getOwnerRef,
  SloKind,
} from '@meshport/plugin-data-products-common';
import { formatDateTime, formatElapsed } from '../lib/time';
import type { ResolvedSlo } from './declarations';
import type { StoredBreach } from './SloStore';

export const SLO_NOTIFICATION_TOPIC = 'data-products-slo';

/** The dataset's SLOs tab, e.g. `/catalog/default/dataset/orders/slos`. */
export function datasetSlosLink(datasetRef: string): string {
  const ref = parseEntityRef(datasetRef);
  return `/catalog/${encodeURIComponent(
    ref.namespace,
  )}/dataset/${encodeURIComponent(ref.name)}/slos`;
}

function formatPercent(value: number | null): string {
  return value === null ? 'unknown' : `${Number(value.toFixed(2))} %`;
}

const KIND_LABELS: Record<SloKind, string> = {
  availability: 'Availability',
  completeness: 'Completeness',
  freshness: 'Freshness',
};

/** The notification of a breach opened or closed, to the dataset's owners. */
export function breachNotification(options: {
  entity: DatasetEntity;
  /** The dataset's ref, lowercase. */
  dataset: string;
  slo: ResolvedSlo;
  breach: StoredBreach;
  which: 'open' | 'close';
  sli: number | null;
  /** When the breach opened or closed, epoch ms. */
  at: number;
}): NotificationSendOptions {
  const { entity, dataset, slo, breach, which, sli, at } = options;
  const name = entity.metadata.title ?? entity.metadata.name;
  const label = KIND_LABELS[slo.kind];
  const sampleNote = breach.sample ? ' (sample data)' : '';
  const objective = `${slo.objective}.`;
  return {
    recipients: { type: 'entity', entityRef: getOwnerRef(entity) },
    payload:
      which === 'open'
        ? {
            title: `SLO breached: ${label.toLocaleLowerCase(
              'en-US',
            )} of ${name}${sampleNote}`,
            description: `${label} is ${formatPercent(
              sli,
            )}, below its target: ${objective}`,
            link: datasetSlosLink(dataset),
            severity: 'high',
            topic: SLO_NOTIFICATION_TOPIC,
          }
        : {
            title: `SLO recovered: ${label.toLocaleLowerCase(
              'en-US',
            )} of ${name}${sampleNote}`,
            description: `${label} is back to ${formatPercent(
              sli,
            )}, meeting its target: ${objective} It had been breached since ${formatDateTime(
              breach.openedAt,
            )} (${formatElapsed(at - Date.parse(breach.openedAt))}).`,
            link: datasetSlosLink(dataset),
            severity: 'normal',
            topic: SLO_NOTIFICATION_TOPIC,
          },
  };
}
