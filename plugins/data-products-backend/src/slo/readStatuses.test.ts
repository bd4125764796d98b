import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  getDatasetProductRef,
  isDatasetEntity,
  SloStatusItem,
} from '@meshport/plugin-data-products-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { sloMesh } from './__testUtils__/sloMesh';
import {
  computeSlos,
  loadSloInputsOfMany,
  loadSloMeasurements,
} from './compute';
import { DatabaseSloStore } from './DatabaseSloStore';
import { resolveSlos } from './declarations';
import { readSloStatuses } from './readStatuses';
import { worstStatus } from './reports';
import { burnRate } from './sli';
import { normalizeDatasetRef, SloStore } from './SloStore';
import { sloStatusItems } from './statuses';

jest.setTimeout(180_000);

const HOUR = 3_600_000;
const NO_CHECKS = { good: 0, total: 0, recentGood: 0, recentTotal: 0 };
const NOW = Date.UTC(2026, 11, 5, 14, 37, 12);

/** The statuses as they were computed before the bulk read: each dataset on its own. */
async function perDatasetStatuses(
  store: SloStore,
  entities: ReturnType<typeof sloMesh>['entities'],
  now: number,
): Promise<SloStatusItem[]> {
  const statuses = [];
  for (const entity of entities.filter(isDatasetEntity)) {
    const slos = resolveSlos(entity);
    if (slos.length === 0) {
      continue;
    }
    const dataset = normalizeDatasetRef(stringifyEntityRef(entity));
    const measurements = await loadSloMeasurements(store, dataset, slos, now);
    const computed = computeSlos(slos, measurements, now, false);
    statuses.push({
      dataset,
      dataProduct: getDatasetProductRef(entity),
      status: worstStatus(computed.map(c => c.result.status)),
    });
  }
  return sloStatusItems(statuses);
}

describe('readSloStatuses', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setup(databaseId: string, datasets: number) {
    const knex: Knex = await databases.init(databaseId as any);
    await applyDatabaseMigrations(knex);
    const store = new DatabaseSloStore(knex);
    const mesh = sloMesh({ datasets, now: NOW, historyDays: 33 });
    await store.insertMeasurements(mesh.measurements, new Date(NOW));
    const sloQueries: string[] = [];
    knex.on('query', (q: { sql: string }) => {
      if (/slo_/.test(q.sql)) {
        sloQueries.push(q.sql);
      }
    });
    const read = (entities = mesh.entities, now = NOW) =>
      readSloStatuses({
        store,
        catalog: catalogServiceMock({ entities }),
        credentials: mockCredentials.user(),
        now,
      });
    return { knex, store, mesh, sloQueries, read };
  }

  it.each(databases.eachSupportedId())(
    'gives every dataset and product of a generated mesh the status the per-dataset computation gives, %p',
    async databaseId => {
      const { store, mesh, read } = await setup(databaseId, 60);
      const bulk = await read();
      expect(bulk).toEqual(await perDatasetStatuses(store, mesh.entities, NOW));
      // 60 datasets and 15 products, and every status a person can meet.
      expect(bulk).toHaveLength(75);
      expect(new Set(bulk.map(i => i.status))).toEqual(
        new Set(['met', 'at-risk', 'breached', 'no-data']),
      );
      // An hour later, at the turn of a day, the windows have moved on alike.
      const later = NOW + 10 * HOUR;
      expect(await read(mesh.entities, later)).toEqual(
        await perDatasetStatuses(store, mesh.entities, later),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'reads for each dataset the updates its own read gives, and counts its checks into the hourly events its own computation sees, %p',
    async databaseId => {
      const { store, mesh } = await setup(databaseId, 40);
      const datasets = mesh.entities.filter(isDatasetEntity).map(entity => ({
        dataset: normalizeDatasetRef(stringifyEntityRef(entity)),
        slos: resolveSlos(entity),
      }));
      const inputs = await loadSloInputsOfMany(store, datasets, NOW);
      const bulk = [];
      const own = [];
      for (const { dataset, slos } of datasets) {
        const measurements = await loadSloMeasurements(
          store,
          dataset,
          slos,
          NOW,
        );
        const withUpdates = slos.some(slo => slo.kind !== 'availability');
        const availability = computeSlos(slos, measurements, NOW, false).find(
          c => c.slo.kind === 'availability',
        );
        const counts = inputs.availability.get(dataset) ?? NO_CHECKS;
        bulk.push({
          dataset,
          updates: withUpdates ? inputs.updates.get(dataset) ?? [] : [],
          ...(availability && {
            good: counts.good,
            total: counts.total,
            burnRate: burnRate(
              counts.recentGood,
              counts.recentTotal,
              availability.slo.target,
            ),
          }),
        });
        own.push({
          dataset,
          updates: withUpdates
            ? measurements.filter(m => m.kind === 'update')
            : [],
          ...(availability && {
            good: availability.result.good,
            total: availability.result.total,
            burnRate: availability.result.burnRate,
          }),
        });
      }
      expect(bulk).toEqual(own);
      const counted = own.filter(o => (o.total ?? 0) > 0).length;
      // The mesh has datasets with hundreds of checks, and some without.
      expect(counted).toBeGreaterThan(10);
      expect(inputs.availability.size).toBe(counted);
      expect(
        Math.max(...[...inputs.updates.values()].map(u => u.length)),
      ).toBeGreaterThan(100);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads the store in three queries whether it shows 5 datasets or 60, %p',
    async databaseId => {
      const { mesh, sloQueries, read } = await setup(databaseId, 60);
      await read(mesh.entities.slice(0, 5 + 15));
      const few = sloQueries.length;
      sloQueries.length = 0;
      await read();
      expect(few).toBe(3);
      expect(sloQueries).toHaveLength(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'counts a measurement that arrives late, inside the window, at the next read, %p',
    async databaseId => {
      const { store, mesh, read } = await setup(databaseId, 20);
      const before = await read();
      const met = before.find(
        i => i.status === 'met' && i.entityRef.startsWith('dataset:'),
      )!;
      expect(met).toBeDefined();
      // Failed checks for the last two days, received only now.
      const late = [];
      for (let at = NOW - 48 * HOUR; at < NOW; at += HOUR) {
        late.push({
          dataset: met.entityRef,
          kind: 'availability' as const,
          at: at + 30_000,
          available: false,
          source: 'api',
        });
        late.push({
          dataset: met.entityRef,
          kind: 'update' as const,
          at: at + 60_000,
          rowCount: 1,
          source: 'api',
        });
      }
      await store.insertMeasurements(late, new Date(NOW));
      const after = await read();
      expect(after.find(i => i.entityRef === met.entityRef)?.status).toBe(
        'breached',
      );
      expect(after).toEqual(
        await perDatasetStatuses(store, mesh.entities, NOW),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'counts a dataset listed twice once, %p',
    async databaseId => {
      const { store, mesh, read } = await setup(databaseId, 12);
      const datasets = mesh.entities.filter(isDatasetEntity).map(entity => ({
        dataset: normalizeDatasetRef(stringifyEntityRef(entity)),
        slos: resolveSlos(entity),
      }));
      expect(
        await loadSloInputsOfMany(store, [...datasets, ...datasets], NOW),
      ).toEqual(await loadSloInputsOfMany(store, datasets, NOW));
      expect(
        await read([
          ...mesh.entities,
          ...mesh.entities.filter(isDatasetEntity),
        ]),
      ).toEqual(await read());
    },
  );

  it.each(databases.eachSupportedId())(
    'shows nothing when the caller sees no dataset with SLOs, %p',
    async databaseId => {
      const { sloQueries, read } = await setup(databaseId, 4);
      expect(await read([])).toEqual([]);
      expect(sloQueries).toEqual([]);
    },
  );
});
