import type { ProvisioningRunDetails } from '@meshport/plugin-data-products-common';
import {
  describeProgress,
  isSubset,
  runFailures,
  showsLocalContent,
  registerOrRefresh,
} from './deploy';
import { FetchLike, PortalClient } from './portal';

const PRODUCT = 'dataproduct:default/web-orders';

function run(
  status: ProvisioningRunDetails['status'],
  operations: Array<Partial<ProvisioningRunDetails['operations'][number]>>,
  extra: Partial<ProvisioningRunDetails> = {},
): ProvisioningRunDetails {
  return {
    id: 'r1',
    trigger: 'manual',
    mode: 'apply',
    status,
    createdAt: '',
    operations: operations.map((op, i) => ({
      id: `op-${i}`,
      seq: i + 1,
      provisioner: 'aws',
      environment: 'dev',
      dataProduct: PRODUCT,
      action: 'create',
      resourceType: 'iam-role',
      resource: `arn:role/${i}`,
      description: `Create role ${i}`,
      details: {},
      status: 'pending',
      ...op,
    })),
    ...extra,
  };
}

describe('apply helpers', () => {
  it('sees the local content in a catalog entity that has more fields, not in a changed one', () => {
    const local = {
      apiVersion: 'a',
      kind: 'Dataset',
      metadata: { name: 'x' },
      spec: { access: 'restricted', outputs: [{ path: 'a/' }] },
    };
    const remote = {
      ...local,
      metadata: { name: 'x', uid: 'u' },
      spec: { ...local.spec, extra: 1 },
    };
    expect(showsLocalContent(local, remote)).toBe(true);
    expect(
      showsLocalContent(local, {
        ...remote,
        spec: { access: 'restricted', outputs: [{ path: 'b/' }] },
      }),
    ).toBe(false);
    expect(isSubset([1, 2], [1, 2, 3])).toBe(false);
  });

  it('shows operations done per environment', () => {
    expect(describeProgress(run('queued', []))).toBe('queued');
    expect(
      describeProgress(
        run('running', [
          { status: 'succeeded' },
          { status: 'pending' },
          { status: 'failed', environment: 'prd' },
        ]),
      ),
    ).toBe('running: dev 1/2, prd 1/1 operations done');
  });

  it('names the failing operations and plan errors of the product only', () => {
    const finished = run(
      'partial',
      [
        { status: 'succeeded' },
        { status: 'failed', error: 'AccessDenied: iam:CreateRole' },
        { status: 'failed', dataProduct: 'dataproduct:default/other' },
      ],
      {
        summary: {
          operations: 3,
          byAction: {},
          byStatus: {},
          provisioners: [],
          problems: [
            {
              severity: 'error',
              dataProduct: PRODUCT,
              environment: 'prd',
              message: 'Bucket prefix overlaps',
            },
            {
              severity: 'error',
              dataProduct: 'dataproduct:default/other',
              message: 'not ours',
            },
          ],
        },
      },
    );
    expect(runFailures(finished, PRODUCT)).toEqual([
      'Create role 1 (iam-role arn:role/1 in dev) failed: AccessDenied: iam:CreateRole',
      'prd: Bucket prefix overlaps',
    ]);
    expect(
      runFailures(
        run('failed', [], { error: 'The provisioner crashed' }),
        PRODUCT,
      ),
    ).toEqual(['the run failed: The provisioner crashed']);
  });
});

describe('registerOrRefresh', () => {
  const product = {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'web-orders', title: 'Web orders' },
    spec: { owner: 'team-sales' },
  };

  /** A portal whose catalog holds the given entities (by `kind/namespace/name`); records calls. */
  function portal(entities: Record<string, object>) {
    const calls: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      const { pathname } = new URL(url);
      calls.push(`${init.method} ${pathname}`);
      const byName = /^\/api\/catalog\/entities\/by-name\/(.+)$/.exec(pathname);
      const found = byName ? entities[decodeURIComponent(byName[1])] : {};
      return {
        status: found ? 200 : 404,
        ok: !!found,
        headers: { get: () => null },
        text: async () =>
          JSON.stringify(
            found ?? { error: { name: 'NotFoundError', message: 'not found' } },
          ),
      };
    };
    return {
      client: new PortalClient({ portal: 'http://portal', token: 't', fetch }),
      calls,
    };
  }

  it("pushes the documents of a product the wizard published to the portal host's repositories, instead of a refresh", async () => {
    const bodies: unknown[] = [];
    const calls: string[] = [];
    const wizardProduct = {
      ...product,
      metadata: {
        ...product.metadata,
        annotations: {
          'backstage.io/managed-by-location': 'meshport-local-git:web-orders',
        },
      },
    };
    const fetch: FetchLike = async (url, init) => {
      const { pathname } = new URL(url);
      calls.push(`${init.method} ${pathname}`);
      if (init.body) bodies.push(JSON.parse(init.body));
      const body =
        pathname === '/api/data-products/local-git/push'
          ? {
              repository: 'web-orders',
              commitHash: 'abcdef0123456789',
              changed: true,
            }
          : wizardProduct;
      return {
        status: 200,
        ok: true,
        headers: { get: () => null },
        text: async () => JSON.stringify(body),
      };
    };
    const client = new PortalClient({
      portal: 'http://portal',
      token: 't',
      fetch,
    });
    const dataset = {
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'web-order-lines' },
      spec: { dataProduct: 'web-orders' },
    };
    await expect(
      registerOrRefresh(
        client,
        product,
        '/home/me/web-orders/catalog-info.yaml',
        undefined,
        [product, dataset],
      ),
    ).resolves.toEqual({
      kind: 'pushed',
      location: 'meshport-local-git:web-orders',
      commit: 'abcdef0123456789',
      changed: true,
    });
    expect(calls.filter(call => call.startsWith('POST'))).toEqual([
      'POST /api/data-products/local-git/push',
    ]);
    expect(bodies).toEqual([
      { entityRef: PRODUCT, entities: [product, dataset] },
    ]);
  });

  it('refreshes a product registered from elsewhere and says where it is read from', async () => {
    const { client, calls } = portal({
      'dataproduct/default/web-orders': {
        ...product,
        metadata: {
          ...product.metadata,
          annotations: {
            'backstage.io/managed-by-location':
              'url:https://github.com/acme/web-orders/blob/main/catalog-info.yaml',
          },
        },
      },
    });
    await expect(
      registerOrRefresh(client, product, 'catalog-info.yaml'),
    ).resolves.toEqual({
      kind: 'refreshed',
      location:
        'url:https://github.com/acme/web-orders/blob/main/catalog-info.yaml',
      elsewhere: true,
    });
    expect(calls).toContain('POST /api/catalog/refresh');
  });
});
