import { datasetOfTable, glueTableIndex, tablesInQuery } from './queries';

describe('tablesInQuery', () => {
  it.each([
    ['SELECT * FROM sales_orders.orders', undefined, ['sales_orders.orders']],
    [
      'select * from "AwsDataCatalog"."sales_orders"."orders" o join logistics.shipments s on o.id = s.order_id',
      undefined,
      ['sales_orders.orders', 'logistics.shipments'],
    ],
    ['select count(*) from orders', 'sales_orders', ['sales_orders.orders']],
    ['select count(*) from orders', undefined, []],
    [
      'SELECT a.x FROM db1.a AS a, db2.b b, `db3`.`c` WHERE 1=1',
      undefined,
      ['db1.a', 'db2.b', 'db3.c'],
    ],
    [
      "select 'from fake.table' as s -- from other.table\n from real.t /* join x.y */",
      undefined,
      ['real.t'],
    ],
    [
      'with recent as (select * from s.t) select * from recent',
      'd',
      ['s.t', 'd.recent'],
    ],
    ['SELECT * FROM (SELECT 1)', undefined, []],
  ])('finds the tables of %s', (sql, db, expected) => {
    expect(tablesInQuery(sql, db)).toEqual(expected);
  });
});

describe('glueTableIndex', () => {
  it('maps tables and whole databases to Datasets', () => {
    const index = glueTableIndex([
      {
        apiVersion: 'meshport.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: 'orders', namespace: 'default' },
        spec: {
          dataProduct: 'p',
          owner: 'o',
          access: 'restricted',
          outputs: [
            { type: 'glue', database: 'Sales_Orders', table: 'Orders' },
          ],
        },
      },
      {
        apiVersion: 'meshport.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: 'raw', namespace: 'default' },
        spec: {
          dataProduct: 'p',
          owner: 'o',
          access: 'restricted',
          outputs: [{ type: 'glue', database: 'raw' }],
        },
      },
    ] as any);
    expect(datasetOfTable(index, 'sales_orders.orders')).toBe(
      'dataset:default/orders',
    );
    expect(datasetOfTable(index, 'raw.anything')).toBe('dataset:default/raw');
    expect(datasetOfTable(index, 'sales_orders.other')).toBeUndefined();
  });
});
