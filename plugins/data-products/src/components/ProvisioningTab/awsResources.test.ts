import {
  describeGlueDatabase,
  groupAwsResourcesByEnvironment,
  sayProductTitle,
} from './awsResources';
import { awsResourcesOfSalesOrders, wholeAwsDesiredState } from './testData';

describe('groupAwsResourcesByEnvironment', () => {
  it('groups a filtered plan by environment in the backend order', () => {
    const environments = groupAwsResourcesByEnvironment({
      resources: awsResourcesOfSalesOrders,
      filtered: true,
      entityRef: 'dataproduct:default/sales-orders',
    });

    expect(environments.map(e => e.environment)).toEqual(['dev', 'prd']);
    const [dev] = environments;
    expect(dev.roles.map(role => role.kind)).toEqual([
      'consumer',
      'service',
      'owner',
    ]);
    expect(dev.glueDatabases.map(db => db.name)).toEqual(['sales_orders_dev']);
    expect(dev.workgroups).toEqual([
      expect.objectContaining({
        name: 'meshport-sales-orders-dev',
        outputLocation:
          's3://acme-workspace-dev/products/sales-orders/athena-results/',
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      }),
    ]);
    expect(dev.prefixes).toEqual([
      {
        bucket: 'acme-datalake-dev',
        bucketId: 'datalake',
        prefix: 'sales/orders/',
        dataset: 'dataset:default/orders',
      },
    ]);
  });

  it("picks the product's resources from the whole state when the backend did not filter", () => {
    const environments = groupAwsResourcesByEnvironment({
      resources: wholeAwsDesiredState,
      filtered: false,
      entityRef: 'DataProduct:default/Sales-Orders',
    });

    const everything = environments.flatMap(e => [
      ...e.roles.map(r => r.name),
      ...e.glueDatabases.map(d => d.name),
      ...e.workgroups.map(w => w.name),
      ...e.prefixes.map(p => p.prefix),
    ]);
    expect(everything.some(name => name.includes('marketing'))).toBe(false);
    expect(environments.map(e => e.environment)).toEqual(['dev', 'prd']);
    expect(environments[0].roles).toHaveLength(3);
    expect(environments[0].prefixes.map(p => p.prefix)).toEqual([
      'sales/orders/',
    ]);
  });

  it('shows nothing rather than failing on an unexpected shape', () => {
    for (const resources of [undefined, null, [], 'x', { roles: 'x' }]) {
      expect(
        groupAwsResourcesByEnvironment({
          resources,
          filtered: true,
          entityRef: 'dataproduct:default/sales-orders',
        }),
      ).toEqual([]);
    }
  });

  it('keeps a role whose policies are missing, with empty lists', () => {
    const [env] = groupAwsResourcesByEnvironment({
      resources: {
        roles: [
          {
            name: 'r',
            arn: 'arn:aws:iam::1:role/r',
            environment: 'dev',
            dataProduct: 'dataproduct:default/sales-orders',
            kind: 'owner',
          },
        ],
      },
      filtered: true,
      entityRef: 'dataproduct:default/sales-orders',
    });

    expect(env.roles[0]).toMatchObject({
      name: 'r',
      managedPolicies: [],
      inlinePolicies: [],
      trustPolicy: undefined,
    });
  });
});

describe('describeGlueDatabase', () => {
  const database = {
    dataProduct: 'dataproduct:default/customer-360',
    description:
      'Glue database of data product dataproduct:default/customer-360, managed by Meshport [meshport 0a1b2c3d]',
  };

  it("says the product's title in place of its ref and drops the planner's hash", () => {
    expect(describeGlueDatabase(database, 'Customer 360')).toBe(
      'Glue database of Customer 360, managed by Meshport',
    );
  });

  it("falls back to the product's name, and leaves other text as it is", () => {
    expect(describeGlueDatabase(database)).toBe(
      'Glue database of customer-360, managed by Meshport',
    );
    expect(
      describeGlueDatabase({ ...database, description: 'Shared catalog' }),
    ).toBe('Shared catalog');
    expect(
      describeGlueDatabase({ ...database, description: undefined }),
    ).toBeUndefined();
  });

  it("says a role's purpose with the title, another product's ref left alone", () => {
    expect(
      sayProductTitle(
        'The owner role of data product dataproduct:default/customer-360 in dev.',
        'dataproduct:default/Customer-360',
        'Customer 360',
      ),
    ).toBe('The owner role of Customer 360 in dev.');
    expect(
      sayProductTitle(
        'Reads data product dataproduct:default/sales',
        'dataproduct:default/customer-360',
        'Customer 360',
      ),
    ).toBe('Reads data product dataproduct:default/sales');
  });
});
