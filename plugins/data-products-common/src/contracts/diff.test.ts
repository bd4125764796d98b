import type { Entity } from '@backstage/catalog-model';
import type { DataProductEntity, DatasetEntity } from '../types';
import { comparePhysicalTypes } from './diffColumns';
import { diffCatalogs, inputPortConsumers } from './diff';

const NOW = new Date('2026-12-05T12:00:00Z');

const product: DataProductEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'sales-orders', title: 'Sales orders' },
  spec: { owner: 'team-sales', domain: 'sales', environments: ['dev', 'prd'] },
};

const orders: DatasetEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: {
    name: 'orders',
    title: 'Orders',
    description: 'One row per order.',
  },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'team-sales',
    access: 'restricted',
    lifecycle: 'production',
    version: '1.4.0',
    outputs: [
      { type: 'glue', database: 'sales_orders', table: 'orders' },
      {
        type: 's3',
        bucket: 'datalake',
        path: 'sales/orders/',
        format: 'parquet',
      },
    ],
    schema: {
      columns: [
        {
          name: 'order_id',
          type: 'string',
          physicalType: 'varchar(36)',
          required: true,
          primaryKey: true,
        },
        {
          name: 'customer_id',
          type: 'string',
          physicalType: 'varchar(36)',
          required: true,
        },
        { name: 'quantity', type: 'integer', physicalType: 'int' },
        {
          name: 'total_amount',
          type: 'number',
          physicalType: 'decimal(12,2)',
          required: true,
        },
        {
          name: 'status',
          type: 'string',
          physicalType: 'varchar(16)',
          description: 'placed or paid',
        },
        { name: 'note', type: 'string', classification: 'internal' },
      ],
    },
    slos: {
      availability: { target: 99.5, window: '20d' },
      completeness: { target: 95, maxDropPercent: 5 },
      freshness: { target: 99, maxAge: '2h' },
    },
  },
};

function edit(
  change: (dataset: DatasetEntity, product: DataProductEntity) => void,
) {
  const dataset = structuredClone(orders);
  const changedProduct = structuredClone(product);
  change(dataset, changedProduct);
  return [changedProduct, dataset] as Entity[];
}

const column = (d: DatasetEntity, name: string) =>
  d.spec.schema!.columns.find(c => c.name === name)!;

/** [case, edit, expected changes as `severity kind`] */
const CASES: Array<
  [string, (d: DatasetEntity, p: DataProductEntity) => void, string[]]
> = [
  ['nothing changed', () => {}, []],
  [
    'a column removed',
    d => {
      d.spec.schema!.columns = d.spec.schema!.columns.filter(
        c => c.name !== 'customer_id',
      );
    },
    ['breaking column-removed'],
  ],
  [
    'a nullable column added',
    d => {
      d.spec.schema!.columns.push({ name: 'coupon', type: 'string' });
    },
    ['non-breaking column-added'],
  ],
  [
    'a required column added',
    d => {
      d.spec.schema!.columns.push({
        name: 'coupon',
        type: 'string',
        required: true,
      });
    },
    ['breaking required-column-added'],
  ],
  [
    'a column renamed (remove + add)',
    d => {
      column(d, 'note').name = 'remark';
    },
    ['breaking column-removed', 'non-breaking column-added'],
  ],
  [
    'a column renamed only in case',
    d => {
      column(d, 'note').name = 'NOTE';
    },
    [],
  ],
  [
    'logical type changed',
    d => {
      column(d, 'status').type = 'integer';
    },
    ['breaking type-changed'],
  ],
  [
    'integer widened to number',
    d => {
      column(d, 'quantity').type = 'number';
    },
    ['non-breaking type-widened'],
  ],
  [
    'number narrowed to integer',
    d => {
      column(d, 'total_amount').type = 'integer';
    },
    ['breaking type-changed'],
  ],
  [
    'varchar narrowed',
    d => {
      column(d, 'status').physicalType = 'varchar(8)';
    },
    ['breaking type-narrower'],
  ],
  [
    'varchar widened',
    d => {
      column(d, 'status').physicalType = 'varchar(32)';
    },
    ['non-breaking type-widened'],
  ],
  [
    'int widened to bigint',
    d => {
      column(d, 'quantity').physicalType = 'bigint';
    },
    ['non-breaking type-widened'],
  ],
  [
    'int narrowed to smallint',
    d => {
      column(d, 'quantity').physicalType = 'smallint';
    },
    ['breaking type-narrower'],
  ],
  [
    'decimal precision raised',
    d => {
      column(d, 'total_amount').physicalType = 'decimal(14,2)';
    },
    ['non-breaking type-widened'],
  ],
  [
    'decimal scale lowered',
    d => {
      column(d, 'total_amount').physicalType = 'decimal(12,0)';
    },
    ['breaking type-narrower'],
  ],
  [
    'physical type changed family',
    d => {
      column(d, 'status').physicalType = 'text';
    },
    ['breaking type-changed'],
  ],
  [
    'nullable became required',
    d => {
      column(d, 'quantity').required = true;
    },
    ['breaking nullable-to-required'],
  ],
  [
    'required became nullable',
    d => {
      column(d, 'customer_id').required = false;
    },
    ['breaking required-to-nullable'],
  ],
  [
    'primary key extended',
    d => {
      column(d, 'customer_id').primaryKey = true;
    },
    ['breaking primary-key-changed'],
  ],
  [
    'primary key moved',
    d => {
      column(d, 'order_id').primaryKey = false;
      column(d, 'customer_id').primaryKey = true;
    },
    ['breaking primary-key-changed'],
  ],
  [
    'a column description changed',
    d => {
      column(d, 'status').description = 'placed, paid or shipped';
    },
    ['non-breaking description-changed'],
  ],
  [
    'a column classification changed',
    d => {
      column(d, 'note').classification = 'pii';
    },
    ['non-breaking classification-changed'],
  ],
  [
    'the dataset description changed',
    d => {
      d.metadata.description = 'Orders.';
    },
    ['non-breaking description-changed'],
  ],
  [
    'the whole schema removed',
    d => {
      delete d.spec.schema;
    },
    Array(6).fill('breaking column-removed'),
  ],
  [
    'an output moved',
    d => {
      d.spec.outputs![1] = {
        type: 's3',
        bucket: 'datalake',
        path: 'sales/orders_v2/',
        format: 'parquet',
      };
    },
    ['breaking output-moved'],
  ],
  [
    'an output removed',
    d => {
      d.spec.outputs = d.spec.outputs!.slice(0, 1);
    },
    ['breaking output-removed'],
  ],
  [
    'an output added',
    d => {
      d.spec.outputs!.push({
        type: 'glue',
        database: 'sales_orders',
        table: 'orders_flat',
      });
    },
    ['non-breaking output-added'],
  ],
  [
    'an output format changed',
    d => {
      (d.spec.outputs![1] as any).format = 'csv';
    },
    ['breaking output-format-changed'],
  ],
  [
    'access tightened to private',
    d => {
      d.spec.access = 'private';
    },
    ['breaking access-tightened'],
  ],
  [
    'access loosened',
    d => {
      d.spec.access = 'unrestricted';
    },
    ['non-breaking access-loosened'],
  ],
  [
    'availability target lowered',
    d => {
      d.spec.slos!.availability!.target = 99;
    },
    ['breaking slo-target-lowered'],
  ],
  [
    'availability target raised',
    d => {
      d.spec.slos!.availability!.target = 99.9;
    },
    ['non-breaking slo-target-raised'],
  ],
  [
    'availability window widened',
    d => {
      d.spec.slos!.availability!.window = '30d';
    },
    ['breaking slo-window-widened'],
  ],
  [
    'default window narrowed',
    d => {
      d.spec.slos!.completeness!.window = '7d';
    },
    ['non-breaking slo-window-narrowed'],
  ],
  [
    'freshness max age raised',
    d => {
      d.spec.slos!.freshness!.maxAge = '6h';
    },
    ['breaking slo-maxAge-raised'],
  ],
  [
    'freshness max age lowered',
    d => {
      d.spec.slos!.freshness!.maxAge = '1h';
    },
    ['non-breaking slo-maxAge-lowered'],
  ],
  [
    'completeness drop allowance raised',
    d => {
      d.spec.slos!.completeness!.maxDropPercent = 10;
    },
    ['breaking slo-maxDropPercent-raised'],
  ],
  [
    'an SLO removed',
    d => {
      delete d.spec.slos!.freshness;
    },
    ['breaking slo-removed'],
  ],
  [
    'every SLO removed',
    d => {
      delete d.spec.slos;
    },
    Array(3).fill('breaking slo-removed'),
  ],
  [
    'retired',
    d => {
      d.spec.lifecycle = 'retired';
    },
    ['breaking dataset-retired'],
  ],
  [
    'deprecated',
    d => {
      d.spec.lifecycle = 'deprecated';
    },
    ['non-breaking lifecycle-changed'],
  ],
  [
    'moved to another product',
    d => {
      d.spec.dataProduct = 'customer-360';
    },
    ['breaking product-changed'],
  ],
  [
    'owner changed',
    d => {
      d.spec.owner = 'team-finance';
    },
    ['non-breaking owner-changed'],
  ],
  [
    'the product dropped an environment',
    (_d, p) => {
      p.spec.environments = ['dev'];
    },
    ['breaking environment-removed'],
  ],
  [
    'combined: column removed, SLO tightened, nullable column added',
    d => {
      d.spec.schema!.columns = d.spec.schema!.columns.filter(
        c => c.name !== 'status',
      );
      d.spec.schema!.columns.push({ name: 'channel', type: 'string' });
      d.spec.slos!.availability!.target = 99.9;
    },
    [
      'breaking column-removed',
      'non-breaking column-added',
      'non-breaking slo-target-raised',
    ],
  ],
  [
    'combined: access tightened and a type narrowed and a description changed',
    d => {
      d.spec.access = 'private';
      column(d, 'status').physicalType = 'varchar(4)';
      column(d, 'status').description = 'p or s';
    },
    [
      'breaking access-tightened',
      'breaking type-narrower',
      'non-breaking description-changed',
    ],
  ],
];

describe('diffCatalogs classifies each change', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('%s', (_name, change, expected) => {
    const result = diffCatalogs([product, orders], edit(change), { now: NOW });
    const changes = result.datasets.flatMap(d => d.changes);
    expect(changes.map(c => `${c.severity} ${c.kind}`).sort()).toEqual(
      [...expected].sort(),
    );
    expect(result.blocking).toBe(expected.some(e => e.startsWith('breaking ')));
    for (const c of changes) {
      expect(c.dataset).toBe('dataset:default/orders');
      expect(c.message).toMatch(/\.$/);
    }
  });

  it('names the rename candidate when a column of the same type appears', () => {
    const result = diffCatalogs(
      [product, orders],
      edit(d => {
        column(d, 'note').name = 'remark';
      }),
      { now: NOW },
    );
    expect(result.datasets[0].changes[0].message).toBe(
      'Column note was removed (renamed to remark? A rename breaks its readers all the same).',
    );
  });

  it('reports a removed dataset as breaking and an added one as not', () => {
    const renamed = edit(d => {
      d.metadata.name = 'orders-v2';
    });
    const result = diffCatalogs([product, orders], renamed, { now: NOW });
    expect(
      result.datasets.map(d => [
        d.dataset,
        d.changes.map(c => `${c.severity} ${c.kind}`),
      ]),
    ).toEqual([
      ['dataset:default/orders', ['breaking dataset-removed']],
      ['dataset:default/orders-v2', ['non-breaking dataset-added']],
    ]);
    expect(result.blocking).toBe(true);
    expect(result.breakingCount).toBe(1);
  });
});

describe('the version rule', () => {
  const breakingV2 = (
    version: string,
    deprecates?: { version: string; sunset: string },
  ) =>
    edit(d => {
      d.spec.schema!.columns = d.spec.schema!.columns.filter(
        c => c.name !== 'note',
      );
      d.spec.version = version;
      if (deprecates) d.spec.deprecates = deprecates;
    });

  it('lets breaking changes through when the major is raised and the old version deprecated long enough', () => {
    const result = diffCatalogs(
      [product, orders],
      breakingV2('2.0.0', { version: '1.4.0', sunset: '2027-01-31' }),
      { now: NOW },
    );
    expect(result.blocking).toBe(false);
    expect(result.breakingCount).toBe(1);
    expect(result.datasets[0].verdict).toBe(
      'Allowed: version 2.0.0 raises the major and 1.4.0 stays served until 31 January 2027.',
    );
  });

  it('blocks when the major is raised without a deprecation', () => {
    const result = diffCatalogs([product, orders], breakingV2('2.0.0'), {
      now: NOW,
    });
    expect(result.blocking).toBe(true);
    expect(result.datasets[0].verdict).toContain(
      'spec.deprecates does not declare the old version 1.4.0',
    );
  });

  it('blocks when only the minor is raised', () => {
    const result = diffCatalogs(
      [product, orders],
      breakingV2('1.5.0', { version: '1.4.0', sunset: '2027-06-01' }),
      { now: NOW },
    );
    expect(result.blocking).toBe(true);
    expect(result.datasets[0].verdict).toBe(
      'Raise the major version (now 1.5.0) and declare spec.deprecates for 1.4.0 to publish these changes.',
    );
  });

  it('blocks a sunset inside the notice period, which is configurable', () => {
    const early = breakingV2('2.0.0', {
      version: '1.4.0',
      sunset: '2026-12-20',
    });
    const result = diffCatalogs([product, orders], early, { now: NOW });
    expect(result.blocking).toBe(true);
    expect(result.datasets[0].verdict).toBe(
      'The sunset of 1.4.0 must be on 4 January 2027 or later (the notice period), not 2026-12-20.',
    );
    expect(
      diffCatalogs([product, orders], early, { now: NOW, noticePeriod: '14d' })
        .blocking,
    ).toBe(false);
  });
});

describe('consumers', () => {
  const customer360: DataProductEntity = {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'customer-360', title: 'Customer 360' },
    spec: {
      owner: 'team-sales',
      domain: 'sales',
      inputPorts: [{ dataset: 'orders', purpose: 'history' }],
    },
  };

  it('finds the products that declare the dataset as an input port', () => {
    expect(
      inputPortConsumers('dataset:default/orders', [
        product,
        customer360,
        orders,
      ]),
    ).toEqual([
      {
        ref: 'dataproduct:default/customer-360',
        title: 'Customer 360',
        via: 'input-port',
      },
    ]);
  });

  it('attaches consumers to datasets with breaking changes only', () => {
    const consumersOf = (ref: string) => inputPortConsumers(ref, [customer360]);
    const breaking = diffCatalogs(
      [product, orders],
      edit(d => {
        d.spec.access = 'private';
      }),
      { now: NOW, consumersOf },
    );
    expect(breaking.datasets[0].consumers.map(c => c.ref)).toEqual([
      'dataproduct:default/customer-360',
    ]);
    const harmless = diffCatalogs(
      [product, orders],
      edit(d => {
        d.spec.access = 'unrestricted';
      }),
      { now: NOW, consumersOf },
    );
    expect(harmless.datasets[0].consumers).toEqual([]);
  });
});

describe('comparePhysicalTypes', () => {
  it.each([
    ['varchar(10)', 'VARCHAR(10)', 'same'],
    ['char(3)', 'varchar(3)', 'wider'],
    ['varchar(3)', 'char(3)', 'narrower'],
    ['int', 'integer', 'same'],
    ['float', 'double', 'wider'],
    ['decimal(10,2)', 'decimal(11,3)', 'wider'],
    ['decimal(10,2)', 'decimal(10,3)', 'narrower'],
    ['timestamp', 'date', 'changed'],
  ])('%s -> %s is %s', (before, after, expected) => {
    expect(comparePhysicalTypes(before, after)).toBe(expected);
  });
});
