import { dataProduct, dataset, testEnvironments } from '../testing/entities';
import { buildCatalogIndex, matchDataset, matchJobProduct } from './naming';

const index = buildCatalogIndex({
  products: [
    dataProduct('sales-orders'),
    dataProduct('churn', {
      inputPorts: [{ dataset: 'orders', purpose: 'churn model' }],
    }),
  ],
  datasets: [
    dataset('orders', 'sales-orders', {
      outputs: [
        { type: 'glue', database: 'sales_orders', table: 'orders' },
        { type: 's3', bucket: 'datalake', path: 'sales/orders/' },
      ],
    }),
    dataset('orders-archive', 'sales-orders', {
      outputs: [
        { type: 's3', bucket: 'datalake', path: 'sales/orders/archive/' },
      ],
    }),
    dataset('churn-scores', 'churn', {
      outputs: [{ type: 'glue', database: 'churn' }],
    }),
  ],
  environments: testEnvironments,
  tableNamespaces: ['duckdb://', 'trino://trino.internal:443'],
});

describe('matchDataset', () => {
  it.each([
    [
      's3://meshport-dev-datalake',
      'sales/orders/part-0001.parquet',
      'dataset:default/orders',
    ],
    ['s3://meshport-prd-datalake', '/sales/orders', 'dataset:default/orders'],
    [
      's3://meshport-dev-datalake',
      'sales/orders/archive/2026/x.parquet',
      'dataset:default/orders-archive',
    ],
    [
      'awsathena://athena.eu-west-1.amazonaws.com',
      'awsdatacatalog.sales_orders.orders',
      'dataset:default/orders',
    ],
    [
      'arn:aws:glue:eu-west-1:111111111111',
      'table/sales_orders/orders',
      'dataset:default/orders',
    ],
    [
      'arn:aws:glue:eu-west-1:222222222222',
      'table/churn/scores_v2',
      'dataset:default/churn-scores',
    ],
    [
      'duckdb:///tmp/x/dev.duckdb',
      'dev.sales_orders.orders',
      'dataset:default/orders',
    ],
    [
      'trino://trino.internal:443',
      'hive.SALES_ORDERS.Orders',
      'dataset:default/orders',
    ],
  ])('maps %s %s to %s', (namespace, name, expected) => {
    expect(matchDataset(index, namespace, name)).toBe(expected);
  });

  it.each([
    ['s3://someone-elses-bucket', 'sales/orders/x.parquet'],
    ['s3://meshport-dev-datalake', 'sales/ordersx/y.parquet'],
    [
      'awsathena://athena.us-east-1.amazonaws.com',
      'awsdatacatalog.sales_orders.orders',
    ],
    ['arn:aws:glue:eu-west-1:999999999999', 'table/sales_orders/orders'],
    ['arn:aws:glue:eu-west-1:111111111111', 'database/sales_orders'],
    ['postgres://db:5432', 'shop.public.orders'],
    ['duckdb:///tmp/x/dev.duckdb', 'orders'],
  ])('keeps %s %s unmatched', (namespace, name) => {
    expect(matchDataset(index, namespace, name)).toBeUndefined();
  });
});

describe('matchJobProduct', () => {
  it('takes the meshport facet, then the namespace, then the only producer of its outputs', () => {
    expect(
      matchJobProduct(
        index,
        { namespace: 'airflow', facetProduct: 'dataproduct:default/churn' },
        [],
      ),
    ).toBe('dataproduct:default/churn');
    expect(matchJobProduct(index, { namespace: 'Sales-Orders' }, [])).toBe(
      'dataproduct:default/sales-orders',
    );
    expect(
      matchJobProduct(index, { namespace: 'default' }, [
        'dataset:default/churn-scores',
      ]),
    ).toBe('dataproduct:default/churn');
    expect(
      matchJobProduct(index, { namespace: 'default' }, [
        'dataset:default/churn-scores',
        'dataset:default/orders',
      ]),
    ).toBeUndefined();
  });

  it('records input ports and owners of products', () => {
    expect(index.products.get('dataproduct:default/churn')?.inputs).toEqual([
      'dataset:default/orders',
    ]);
    expect(index.datasets.get('dataset:default/orders')?.owner).toBe(
      'group:default/team-data',
    );
  });
});
