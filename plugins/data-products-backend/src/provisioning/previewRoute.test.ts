import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startDataProductsTestBackend } from '../__testUtils__/testBackend';
import { FakeProvisioner } from '../testing/FakeProvisioner';
import { dataProduct, dataset } from '../testing/entities';

jest.setTimeout(30_000);

const PREVIEW = '/api/data-products/provisioning/preview';
const CHURN = 'dataproduct:default/churn';
const FRESH = 'dataproduct:default/fresh';

const entities: Entity[] = [
  dataProduct('churn'),
  dataset('churn-scores', 'churn'),
];

describe('POST /provisioning/preview', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start(
    allow: (permission: string, principal: string) => boolean = () => true,
  ) {
    const knex = await databases.init('SQLITE_3');
    const asked: string[] = [];
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: AuthorizePermissionRequest[], options) =>
        requests.map(r => {
          asked.push(r.permission.name);
          return {
            result: allow(
              r.permission.name,
              (options?.credentials.principal as { type: string }).type,
            )
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          };
        }) as any,
    });
    const provisioner = new FakeProvisioner();
    const { server } = await startDataProductsTestBackend({
      knex,
      entities,
      ownershipOf: () => [],
      provisioner,
      services: [permissions.factory],
    });
    return { server, asked, provisioner };
  }

  it('plans a product that is not in the catalog yet, without recording a run', async () => {
    const { server, asked } = await start();
    const response = await request(server)
      .post(PREVIEW)
      .send({
        entities: [
          dataProduct('fresh', { environments: ['dev', 'prd'] }),
          dataset('fresh-daily', 'fresh'),
        ],
      });
    expect(response.status).toBe(200);
    expect(response.body.entityRef).toBe(FRESH);
    expect(response.body.mode).toBe('plan');
    const [fake] = response.body.provisioners;
    expect(fake.resources.resources).toEqual([
      {
        id: `role:dev:${FRESH}`,
        environment: 'dev',
        dataProduct: FRESH,
        reads: ['dataset:default/fresh-daily'],
      },
      {
        id: `role:prd:${FRESH}`,
        environment: 'prd',
        dataProduct: FRESH,
        reads: ['dataset:default/fresh-daily'],
      },
    ]);
    expect(
      fake.pendingOperations.map((op: any) => `${op.action} ${op.resource}`),
    ).toEqual([`create role:dev:${FRESH}`, `create role:prd:${FRESH}`]);
    // a new product needs the right to create catalog entities
    expect(asked).toEqual(['catalog.entity.create']);

    const runs = await request(server)
      .get('/api/data-products/provisioning/runs')
      .send();
    expect(runs.body.totalCount).toBe(0);
  });

  it('merges a changed spec of an existing product over the catalog', async () => {
    const { server, asked } = await start();
    const response = await request(server)
      .post(PREVIEW)
      .send({ entities: [dataset('churn-extra', 'churn')] });
    expect(response.status).toBe(200);
    expect(response.body.entityRef).toBe(CHURN);
    expect(response.body.provisioners[0].resources.resources[0].reads).toEqual([
      'dataset:default/churn-extra',
      'dataset:default/churn-scores',
    ]);
    expect(asked).toEqual(['data-products.provisioning.read']);
  });

  it('accepts service credentials (the scaffolder)', async () => {
    // like the real permission client: services are allowed, users here are not
    const { server } = await start(
      (_permission, principal) => principal === 'service',
    );
    const asUser = await request(server)
      .post(PREVIEW)
      .send({ entities: [dataProduct('fresh')] });
    expect(asUser.status).toBe(403);
    const response = await request(server)
      .post(PREVIEW)
      // The scaffolder calls with its own service credentials (`plugin:scaffolder`); external
      // callers are pipelines, scoped by meshport.pipelines (see router.test.ts).
      .set(
        'Authorization',
        `Bearer mock-service-token:${JSON.stringify({
          sub: 'plugin:scaffolder',
        })}`,
      )
      .send({ entities: [dataProduct('fresh')] });
    expect(response.status).toBe(200);
  });

  it('refuses users who may not create entities', async () => {
    const { server } = await start(
      permission => permission !== 'catalog.entity.create',
    );
    const response = await request(server)
      .post(PREVIEW)
      .send({ entities: [dataProduct('fresh')] });
    expect(response.status).toBe(403);
  });

  it.each([
    [{}, 'body.entities: is required'],
    [{ entities: [] }, 'body.entities: must hold at least one entity'],
    [{ entities: 'x' }, 'body.entities: must be a list'],
    [
      { entities: [{ kind: 'Component' }] },
      'body.entities[0].kind: must be a DataProduct or Dataset',
    ],
    [
      { entities: [dataset('x', 'fresh', { access: 'public' as any })] },
      'body.entities[0].spec.access: must be one of: unrestricted, restricted, private',
    ],
    [
      { entities: [dataProduct('fresh', { environments: ['qa'] })] },
      'body.entities[0].spec.environments[0]',
    ],
    [
      { entities: [dataProduct('a'), dataProduct('b')] },
      'body.entities: must hold at most one DataProduct',
    ],
    [
      { entities: [dataProduct('fresh'), dataset('x', 'churn')] },
      'body.entities[1].spec.dataProduct: must be dataproduct:default/fresh',
    ],
    [
      { entities: [dataset('x', 'nowhere')] },
      'body.entities: no DataProduct dataproduct:default/nowhere in the catalog',
    ],
    [{ entities: [dataProduct('fresh')], extra: 1 }, 'body.extra'],
  ])('answers %j with 400 naming the field', async (body, message) => {
    const { server } = await start();
    const response = await request(server).post(PREVIEW).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(message);
  });

  it('refuses requests without credentials', async () => {
    const { server } = await start();
    const response = await request(server)
      .post(PREVIEW)
      .set('Authorization', mockCredentials.none.header())
      .send({ entities: [dataProduct('fresh')] });
    expect(response.status).toBe(401);
  });
});
