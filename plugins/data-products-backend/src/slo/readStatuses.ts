/*
 * Reads the SLO status of every Dataset (with SLOs) the caller may see and
 * of their DataProducts: one catalog query, then each dataset's windows from
 * the store, a few datasets at a time. The roll-up is in ./statuses.ts.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getDatasetProductRef,
  isDatasetEntity,
  SloStatusItem,
} from '@meshport/plugin-data-products-common';
import { computeSlos, loadSloMeasurements } from './compute';
import { resolveSlos, SLO_ENTITY_FIELDS } from './declarations';
import { worstStatus } from './reports';
import { normalizeDatasetRef, SloStore } from './SloStore';
import { DatasetStatus, sloStatusItems } from './statuses';

/** Datasets computed at once. */
const CONCURRENCY = 4;

export async function readSloStatuses(options: {
  store: SloStore;
  catalog: CatalogService;
  credentials: BackstageCredentials;
  now: number;
}): Promise<SloStatusItem[]> {
  const { store, catalog, credentials, now } = options;
  const { items } = await catalog.getEntities(
    { filter: { kind: 'Dataset' }, fields: SLO_ENTITY_FIELDS },
    { credentials },
  );
  const datasets = items
    .filter(isDatasetEntity)
    .map(entity => ({ entity, slos: resolveSlos(entity) }))
    .filter(d => d.slos.length > 0);
  const statuses: DatasetStatus[] = [];
  for (let i = 0; i < datasets.length; i += CONCURRENCY) {
    const batch = datasets.slice(i, i + CONCURRENCY);
    statuses.push(
      ...(await Promise.all(
        batch.map(async ({ entity, slos }) => {
          const dataset = normalizeDatasetRef(stringifyEntityRef(entity));
          const measurements = await loadSloMeasurements(
            store,
            dataset,
            slos,
            now,
          );
          const computed = computeSlos(slos, measurements, now, false);
          return {
            dataset,
            dataProduct: getDatasetProductRef(entity),
            status: worstStatus(computed.map(c => c.result.status)),
          };
        }),
      )),
    );
  }
  return sloStatusItems(statuses);
}
