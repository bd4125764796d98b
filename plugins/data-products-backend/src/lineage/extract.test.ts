import { dataProduct, dataset, testEnvironments } from '../testing/entities';
import { extractLineage, toEventRows } from './extract';
import { buildCatalogIndex } from './naming';
import { parseRunEvents } from './openlineage';

const index = buildCatalogIndex({
  products: [dataProduct('sales-orders')],
  datasets: [
    dataset('orders', 'sales-orders', {
      outputs: [{ type: 'glue', database: 'sales_orders', table: 'orders' }],
    }),
  ],
  environments: testEnvironments,
});

const RUN = '00000000-0000-4000-8000-00000000000a';

describe('extractLineage', () => {
  it('matches through a symlinks facet, keeps the latest run state and reads column lineage 1.0', () => {
    const events = parseRunEvents([
      {
        eventType: 'COMPLETE',
        eventTime: '2026-12-05T10:05:00Z',
        run: { runId: RUN },
        job: { namespace: 'spark', name: 'orders_etl' },
        outputs: [
          {
            namespace: 'hive://metastore:9083',
            name: 'sales_orders.orders',
            facets: {
              symlinks: {
                identifiers: [
                  {
                    namespace: 'arn:aws:glue:eu-west-1:111111111111',
                    name: 'table/sales_orders/orders',
                    type: 'TABLE',
                  },
                ],
              },
              columnLineage: {
                fields: {
                  total: {
                    inputFields: [
                      {
                        namespace: 'kafka://b:9092',
                        name: 'orders',
                        field: 'amount',
                      },
                    ],
                    transformationType: 'IDENTITY',
                  },
                },
              },
            },
          },
        ],
      },
      {
        eventType: 'START',
        eventTime: '2026-12-05T10:00:00Z',
        run: { runId: RUN },
        job: { namespace: 'spark', name: 'orders_etl' },
      },
    ]);
    const rows = extractLineage(events, index);
    expect(
      rows.datasets.find(d => d.name === 'sales_orders.orders')?.datasetRef,
    ).toBe('dataset:default/orders');
    expect(rows.jobs).toEqual([
      expect.objectContaining({
        lastState: 'COMPLETE',
        dataProduct: 'dataproduct:default/sales-orders',
      }),
    ]);
    expect(rows.columnEdges).toEqual([
      expect.objectContaining({
        field: 'total',
        inputField: 'amount',
        transformation: 'IDENTITY',
      }),
    ]);
    // the column lineage's input is a node too, unmatched
    expect(rows.datasets.find(d => d.name === 'orders')).toEqual(
      expect.objectContaining({ namespace: 'kafka://b:9092' }),
    );
  });

  it('stores a repeated event of one batch once, and defaults a missing eventType to OTHER', () => {
    const event = {
      eventTime: '2026-12-05T10:00:00+01:00',
      run: { runId: RUN.toUpperCase() },
      job: { namespace: 'n', name: 'j' },
    };
    const rows = toEventRows(parseRunEvents([event, event]));
    expect(rows).toEqual([
      expect.objectContaining({
        runId: RUN,
        eventType: 'OTHER',
        eventTime: Date.parse('2026-12-05T09:00:00Z'),
      }),
    ]);
  });
});
