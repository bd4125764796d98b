import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { UsageCollector } from '@meshport/plugin-data-products-node';
import { applyDatabaseMigrations } from '../database/migrations';
import { dataProduct, dataset, testEnvironments } from '../testing/entities';
import { CachedCatalogIndex } from './CachedCatalogIndex';
import { DatabaseLineageStore } from './DatabaseLineageStore';
import { LineageService } from './LineageService';
import { collectUsage, UsageCollectors } from './usage';

jest.setTimeout(60_000);

const NOW = new Date('2026-12-05T12:00:00Z');
const entities = [
  dataProduct('orders'),
  dataProduct('churn'),
  dataset('orders-daily', 'orders'),
];

describe('usage collection', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    "stores each collector's daily reads, replacing a day it reports again, and keeps going when one fails, %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = new DatabaseLineageStore(knex);
      const catalog = catalogServiceMock({ entities });
      const auth = mockServices.auth();
      const logger = mockServices.logger.mock();
      let reads = 3;
      const athena: UsageCollector = {
        id: 'aws-athena',
        collect: jest.fn(async () => [
          {
            dataset: 'dataset:default/orders-daily',
            consumer: 'dataproduct:default/churn',
            day: '2026-12-04',
            reads: 5,
          },
          {
            dataset: 'dataset:default/orders-daily',
            consumer: 'dataproduct:default/churn',
            day: '2026-12-05',
            reads,
          },
        ]),
      };
      const broken: UsageCollector = {
        id: 'broken',
        collect: async () => {
          throw new Error('throttled');
        },
      };
      const run = () =>
        collectUsage({
          collectors: [broken, athena],
          catalog,
          auth,
          store,
          logger,
          now: NOW,
        });

      expect(await run()).toEqual({ rows: 2, failed: ['broken'] });
      expect(athena.collect).toHaveBeenCalledWith(
        expect.objectContaining({ since: new Date('2026-12-03T00:00:00Z') }),
      );
      expect(
        (athena.collect as jest.Mock).mock.calls[0][0].datasets,
      ).toHaveLength(1);
      reads = 7; // today filled up since
      await run();

      const service = new LineageService({
        store,
        logger,
        now: () => NOW,
        catalog: new CachedCatalogIndex({
          catalog,
          auth,
          environments: testEnvironments,
          tableNamespaces: [],
        }),
      });
      expect(await service.usage('dataset:default/orders-daily', 7)).toEqual({
        entityRef: 'dataset:default/orders-daily',
        days: 7,
        daily: [
          {
            day: '2026-12-04',
            consumer: 'dataproduct:default/churn',
            consumerTitle: 'churn',
            reads: 5,
          },
          {
            day: '2026-12-05',
            consumer: 'dataproduct:default/churn',
            consumerTitle: 'churn',
            reads: 7,
          },
        ],
        lastRead: '2026-12-05T00:00:00.000Z',
        readersLast30Days: ['dataproduct:default/churn'],
      });
      await knex.destroy();
    },
  );

  it('refuses a collector id twice and collectors after start', () => {
    const collectors = new UsageCollectors();
    const collector = { id: 'x', collect: async () => [] };
    collectors.add(collector);
    expect(() => collectors.add(collector)).toThrow(/already taken/);
    collectors.lock();
    expect(() => collectors.add({ ...collector, id: 'y' })).toThrow(
      /has started/,
    );
  });
});
