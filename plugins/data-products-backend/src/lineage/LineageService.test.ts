import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { applyDatabaseMigrations } from '../database/migrations';
import { dataProduct, dataset, testEnvironments } from '../testing/entities';
import { DatabaseLineageStore } from './DatabaseLineageStore';
import { LineageService } from './LineageService';
import { buildCatalogIndex, CatalogIndex } from './naming';
import { parseRunEvents } from './openlineage';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const NOW = new Date('2026-12-05T12:00:00Z');

function run(runId: string, at: Date, output: string) {
  return parseRunEvents([
    {
      eventType: 'COMPLETE',
      eventTime: at.toISOString(),
      run: { runId },
      job: { namespace: 'airflow', name: `load_${output}` },
      inputs: [
        { namespace: 'postgres://shop:5432', name: 'shop.public.orders' },
      ],
      outputs: [
        {
          namespace: 's3://meshport-dev-datalake',
          name: `orders/${output}/part-0.parquet`,
        },
      ],
    },
  ]);
}

describe('LineageService maintenance', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'matches identifiers and jobs once the catalog knows them, and deletes what is past retention, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = new DatabaseLineageStore(knex);
      let index: CatalogIndex = buildCatalogIndex({
        products: [],
        datasets: [],
        environments: testEnvironments,
      });
      const service = new LineageService({
        store,
        logger: mockServices.logger.mock(),
        catalog: { get: async () => index },
        now: () => NOW,
      });

      const first = await service.ingest(
        run(
          '00000000-0000-4000-8000-000000000001',
          new Date(NOW.getTime() - 100 * DAY),
          'old',
        ),
      );
      await service.ingest(
        run(
          '00000000-0000-4000-8000-000000000002',
          new Date(NOW.getTime() - DAY),
          'daily',
        ),
      );
      expect(first.unmatchedDatasets).toHaveLength(2);
      expect((await service.unmatched()).items).toHaveLength(3);

      // The Dataset arrives in the catalog later: the next maintenance matches it and its job.
      index = buildCatalogIndex({
        products: [dataProduct('orders')],
        datasets: [dataset('daily', 'orders')],
        environments: testEnvironments,
      });
      const result = await service.maintain(90 * DAY);
      expect(result).toEqual({ remapped: 2, deleted: 1 });

      const graph = await service.graph('dataset:default/daily', 3);
      expect(graph.jobs).toEqual([
        expect.objectContaining({
          name: 'load_daily',
          dataProduct: 'dataproduct:default/orders',
        }),
      ]);
      expect(graph.datasets.map(d => d.datasetRef ?? d.name)).toEqual([
        'dataset:default/daily',
        'shop.public.orders',
      ]);
      // the 100-day-old event is gone; graph rows are kept while they are seen within retention
      expect(
        Number((await knex('lineage_events').count({ n: '*' }))[0].n),
      ).toBe(1);
      expect((await service.unmatched()).items.map(i => i.name)).toEqual(
        expect.arrayContaining([
          'shop.public.orders',
          'orders/old/part-0.parquet',
        ]),
      );
      await knex.destroy();
    },
  );
});
