import { groupAwsResourcesByEnvironment } from './awsResources';
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
