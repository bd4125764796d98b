/*
 * Reads the SLO status of every Dataset (with SLOs) the caller may see and
 * of their DataProducts: one catalog query, then three store queries for
 * the windows of all of them (./bulkMeasurements.ts), whatever their number:
 * the updates, and the availability checks counted per hour by the database.
 * Computed from the stored measurements at each read, so late measurements
 * count as soon as they are stored. The roll-up is in ./statuses.ts.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getDatasetProductRef,
  isDatasetEntity,
  SloStatusItem,
} from '@meshport/plugin-data-products-common';
import { computeSloStatuses, loadSloInputsOfMany } from './compute';
import { resolveSlos, SLO_ENTITY_FIELDS } from './declarations';
import { worstStatus } from './reports';
import { normalizeDatasetRef, SloStore } from './SloStore';
import { sloStatusItems } from './statuses';

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
    .map(entity => ({
      entity,
      dataset: normalizeDatasetRef(stringifyEntityRef(entity)),
      slos: resolveSlos(entity),
    }))
    .filter(d => d.slos.length > 0);
  const inputs = await loadSloInputsOfMany(store, datasets, now);
  return sloStatusItems(
    datasets.map(({ entity, dataset, slos }) => ({
      dataset,
      dataProduct: getDatasetProductRef(entity),
      status: worstStatus(
        computeSloStatuses(
          slos,
          {
            updates: inputs.updates.get(dataset),
            availability: inputs.availability.get(dataset),
          },
          now,
        ),
      ),
    })),
  );
}
