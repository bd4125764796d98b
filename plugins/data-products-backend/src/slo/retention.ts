/*
 * SLO retention: raw measurements older than the raw retention (and older
 * than every window of their dataset needs) rolled up into aggregates, and
 * aggregates older than the aggregate retention deleted.
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { isDatasetEntity } from '@meshport/plugin-data-products-common';
import type { SloConfig } from './config';
import {
  DAY_MS,
  rawLookbackMs,
  resolveSlos,
  SLO_ENTITY_FIELDS,
} from './declarations';
import { normalizeDatasetRef, SloStore } from './SloStore';

export async function applySloRetention(options: {
  store: SloStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  config: SloConfig;
  now: number;
}): Promise<{ compacted: number; deleted: number }> {
  const { store, now } = options;
  const { rawRetentionMs, aggregateRetentionMs } = options.config;
  const credentials = await options.auth.getOwnServiceCredentials();
  const { items } = await options.catalog.getEntities(
    { filter: { kind: 'Dataset' }, fields: SLO_ENTITY_FIELDS },
    { credentials },
  );
  const keepFor = new Map<string, number>();
  for (const entity of items.filter(isDatasetEntity)) {
    keepFor.set(
      normalizeDatasetRef(stringifyEntityRef(entity)),
      Math.max(rawRetentionMs, rawLookbackMs(resolveSlos(entity))),
    );
  }
  let compacted = 0;
  const candidates = await store.listDatasetsWithMeasurementsBefore(
    now - rawRetentionMs,
  );
  for (const dataset of candidates) {
    const keep = keepFor.get(dataset) ?? rawRetentionMs;
    // Whole UTC days, so a day's aggregate is built in one go.
    const cutoff = Math.floor((now - keep) / DAY_MS) * DAY_MS;
    compacted += await store.compact(dataset, cutoff);
  }
  const deleted = await store.deleteAggregatesBefore(
    now - aggregateRetentionMs,
  );
  if (compacted || deleted) {
    options.logger.info(
      `SLO retention: rolled ${compacted} raw measurement(s) up into aggregates, deleted ${deleted} expired aggregate(s)`,
    );
  }
  return { compacted, deleted };
}
