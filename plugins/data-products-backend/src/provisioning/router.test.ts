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
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { startDataProductsTestBackend } from '../__testUtils__/testBackend';
import {
  createFakeProvisionerModule,
  FakeProvisioner,
} from '../testing/FakeProvisioner';
import { dataProduct, dataset } from '../testing/entities';

jest.setTimeout(30_000);

const CHURN = 'dataproduct:default/churn';
const ORDERS = 'dataproduct:default/orders';
const BASE = '/api/data-products/provisioning';

const entities: Entity[] = [
  dataProduct('churn'),
  dataProduct('orders'),
  dataset('orders-daily', 'orders'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'website', namespace: 'default' },
    spec: { type: 'service', owner: 'team-web', lifecycle: 'production' },
  },
];

type Decide = (permission: string, resourceRef?: string) => boolean;

describe('provisioning routes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start(
    options: {
      allow?: Decide;
      config?: JsonObject;
      provisioners?: FakeProvisioner[];
    } = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    // Tests may change the decisions while the backend runs.
    const decisions = { allow: options.allow ?? ((() => true) as Decide) };
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: AuthorizePermissionRequest[]) =>
        requests.map(r => ({
          result: decisions.allow(r.permission.name, r.resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        })) as any,
    });
    const auditEvent = { success: jest.fn(), fail: jest.fn() };
    const auditor = mockServices.auditor.mock({
      createEvent: async () => auditEvent,
    });
    const provisioners = options.provisioners ?? [new FakeProvisioner()];
    const { server } = await startDataProductsTestBackend({
      knex,
      entities,
      ownershipOf: () => [],
      features: provisioners.map(createFakeProvisionerModule),
      config: options.config,
      services: [permissions.factory, auditor.factory],
    });
    return { server, permissions, auditEvent, decisions };
  }

  describe('authentication and input', () => {
    it('refuses requests without credentials', async () => {
      const { server } = await start();
      for (const path of [
        `/plan?entityRef=${CHURN}`,
        '/runs',
        '/runs/00000000-0000-4000-8000-000000000001',
        '/export',
      ]) {
        const response = await request(server)
          .get(`${BASE}${path}`)
          .set('Authorization', mockCredentials.none.header());
        expect(response.status).toBe(401);
      }
      const post = await request(server)
        .post(`${BASE}/runs`)
        .set('Authorization', mockCredentials.none.header())
        .send({});
      expect(post.status).toBe(401);
    });

    it.each([
      ['/runs?limit=500', 'query.limit: must be a number between 1 and 100'],
      ['/runs?limit=abc', 'query.limit: must be a number between 1 and 100'],
      ['/runs?offset=-1', 'query.offset: must be a whole number of at least 0'],
      [
        '/runs?status=done',
        'query.status: must be one of: queued, running, succeeded, failed, partial',
      ],
      ['/plan', 'query.entityRef: is required'],
      [
        '/plan?entityRef=component:default/website',
        'query.entityRef: must be a DataProduct entity ref such as dataproduct:default/my-product (got "component:default/website")',
      ],
      ['/runs/not-a-run', 'params.id: must be a run id (a UUID)'],
      ['/export?format=yaml', 'query.format: must be one of: terraform, json'],
      [
        '/export?environment=qa',
        'query.environment: unknown environment "qa" (configured: dev, prd)',
      ],
    ])('answers GET %s with 400 naming the field', async (path, message) => {
      const { server } = await start();
      const response = await request(server).get(`${BASE}${path}`);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'InputError',
        message,
      });
    });

    it('answers a trigger with a bad body with 400 naming the field', async () => {
      const { server } = await start();
      const wrongType = await request(server)
        .post(`${BASE}/runs`)
        .send({ entityRef: 42 });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.error.message).toBe(
        'body.entityRef: must be a DataProduct entity ref',
      );
      const unknownField = await request(server)
        .post(`${BASE}/runs`)
        .send({ entityRef: CHURN, mode: 'apply' });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.error.message).toBe(
        'body.mode: is not a known field',
      );
    });
  });

  describe('GET /provisioning/plan', () => {
    it("shows the product's resources, pending operations and problems per provisioner", async () => {
      const { server } = await start();

      const response = await request(server).get(
        `${BASE}/plan?entityRef=${encodeURIComponent(
          'DataProduct:default/churn',
        )}`,
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        entityRef: CHURN,
        mode: 'plan',
        provisioners: [
          {
            id: 'fake',
            filtered: true,
            resources: {
              resources: [
                {
                  id: `role:dev:${CHURN}`,
                  environment: 'dev',
                  dataProduct: CHURN,
                  reads: [],
                },
                {
                  id: `role:prd:${CHURN}`,
                  environment: 'prd',
                  dataProduct: CHURN,
                  reads: [],
                },
              ],
            },
            pendingOperations: [
              expect.objectContaining({
                action: 'create',
                resource: `role:dev:${CHURN}`,
                dataProduct: CHURN,
              }),
              expect.objectContaining({
                action: 'create',
                resource: `role:prd:${CHURN}`,
              }),
            ],
            problems: [],
          },
        ],
        problems: [],
      });
    });

    it('accepts a short ref and shows nothing pending once a run recorded the plan', async () => {
      const { server } = await start();
      const trigger = await request(server).post(`${BASE}/runs`).send({});
      expect(trigger.status).toBe(202);

      const response = await request(server).get(
        `${BASE}/plan?entityRef=churn`,
      );

      expect(response.status).toBe(200);
      expect(response.body.provisioners[0].pendingOperations).toEqual([]);
      expect(response.body.lastRun).toMatchObject({
        status: 'succeeded',
        mode: 'plan',
      });
    });

    it('returns the whole desired state when the provisioner cannot filter it', async () => {
      const provisioner = new FakeProvisioner();
      (provisioner as any).resourcesOf = undefined;
      const { server } = await start({ provisioners: [provisioner] });

      const response = await request(server).get(
        `${BASE}/plan?entityRef=${CHURN}`,
      );

      expect(response.body.provisioners[0].filtered).toBe(false);
      expect(response.body.provisioners[0].resources.resources).toHaveLength(4);
    });

    it('answers 404 for an unknown product and 403 without the read permission', async () => {
      const { server, permissions } = await start({
        allow: permission => permission !== 'data-products.provisioning.read',
      });

      const unknown = await request(server).get(
        `${BASE}/plan?entityRef=dataproduct:default/nope`,
      );
      expect(unknown.status).toBe(404);

      const denied = await request(server).get(
        `${BASE}/plan?entityRef=${CHURN}`,
      );
      expect(denied.status).toBe(403);
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          expect.objectContaining({
            permission: expect.objectContaining({
              name: 'data-products.provisioning.read',
              resourceType: 'catalog-entity',
            }),
            resourceRef: CHURN,
          }),
        ],
        expect.anything(),
      );
    });
  });

  describe('runs', () => {
    it('queues a run for one product (202), which then shows in the lists', async () => {
      const { server, auditEvent } = await start();

      const trigger = await request(server)
        .post(`${BASE}/runs`)
        .send({ entityRef: CHURN });

      expect(trigger.status).toBe(202);
      expect(trigger.body.run).toMatchObject({
        trigger: 'manual',
        mode: 'plan',
        status: 'queued',
        scope: { dataProducts: [CHURN] },
        requestedBy: 'user:default/mock',
      });
      const id = trigger.body.run.id;
      expect(auditEvent.success).toHaveBeenCalledWith({
        meta: { runId: id, entityRef: CHURN, environment: null },
      });

      const forProduct = await request(server).get(
        `${BASE}/runs?entityRef=${CHURN}`,
      );
      expect(forProduct.status).toBe(200);
      expect(forProduct.body.items.map((run: any) => run.id)).toContain(id);

      const details = await request(server).get(`${BASE}/runs/${id}`);
      expect(details.status).toBe(200);
      expect(details.body).toMatchObject({
        id,
        status: 'succeeded',
        operations: [
          {
            seq: 1,
            action: 'create',
            resource: `role:dev:${CHURN}`,
            status: 'planned',
          },
          {
            seq: 2,
            action: 'create',
            resource: `role:prd:${CHURN}`,
            status: 'planned',
          },
        ],
      });
    });

    it('limits a run to one environment, and names the environments for an unknown one', async () => {
      const { server } = await start();
      const trigger = await request(server)
        .post(`${BASE}/runs`)
        .send({ entityRef: CHURN, environment: 'prd' });
      expect(trigger.status).toBe(202);
      expect(trigger.body.run.scope).toEqual({
        dataProducts: [CHURN],
        environments: ['prd'],
      });
      const details = await request(server).get(
        `${BASE}/runs/${trigger.body.run.id}`,
      );
      expect(details.body.operations.map((op: any) => op.resource)).toEqual([
        `role:prd:${CHURN}`,
      ]);

      const unknown = await request(server)
        .post(`${BASE}/runs`)
        .send({ entityRef: CHURN, environment: 'qa' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        'body.environment: must be one of: dev, prd (got "qa")',
      );
    });

    it('lists all runs newest first with a total count, for admins', async () => {
      const { server } = await start();
      await request(server).post(`${BASE}/runs`).send({ entityRef: CHURN });
      await request(server).post(`${BASE}/runs`).send({ entityRef: ORDERS });

      const response = await request(server).get(`${BASE}/runs?limit=2`);

      expect(response.status).toBe(200);
      // Each trigger also ran the first scheduled whole-mesh reconcile once.
      expect(response.body.totalCount).toBe(3);
      expect(response.body.items).toHaveLength(2);
      expect(response.body.items[0].scope).toEqual({ dataProducts: [ORDERS] });

      const failed = await request(server).get(`${BASE}/runs?status=failed`);
      expect(failed.body).toEqual({ items: [], totalCount: 0 });
    });

    it('answers 404 for an unknown run', async () => {
      const { server } = await start();
      const response = await request(server).get(
        `${BASE}/runs/00000000-0000-4000-8000-000000000001`,
      );
      expect(response.status).toBe(404);
    });

    it("shows product owners only their products' part of a whole-mesh run", async () => {
      const { server, decisions } = await start();
      const trigger = await request(server).post(`${BASE}/runs`).send({});
      const id = trigger.body.run.id;
      const full = await request(server).get(`${BASE}/runs/${id}`);
      expect(full.body.operations).toHaveLength(4);

      // A user who may read churn's provisioning only.
      decisions.allow = (permission, ref) =>
        permission === 'data-products.provisioning.read' && ref === CHURN;
      const response = await request(server).get(`${BASE}/runs/${id}`);
      expect(response.status).toBe(200);
      expect(response.body.operations.map((op: any) => op.dataProduct)).toEqual(
        [CHURN, CHURN],
      );

      const all = await request(server).get(`${BASE}/runs`);
      expect(all.status).toBe(403);

      decisions.allow = () => false;
      const none = await request(server).get(`${BASE}/runs/${id}`);
      expect(none.status).toBe(403);
    });

    it("shows a product's part of any run covering it with ?entityRef=, even a whole-mesh run that changed nothing of it", async () => {
      const { server, decisions } = await start();
      const first = await request(server).post(`${BASE}/runs`).send({});
      // Nothing changed since: the second whole-mesh run has no operations, so no products.
      const second = await request(server).post(`${BASE}/runs`).send({});
      const scoped = await request(server)
        .post(`${BASE}/runs`)
        .send({ entityRef: ORDERS });
      decisions.allow = (permission, ref) =>
        permission === 'data-products.provisioning.read' && ref === CHURN;

      const empty = await request(server).get(
        `${BASE}/runs/${second.body.run.id}`,
      );
      expect(empty.status).toBe(403);
      const part = await request(server).get(
        `${BASE}/runs/${second.body.run.id}?entityRef=churn`,
      );
      expect(part.status).toBe(200);
      expect(part.body.operations).toEqual([]);
      const changed = await request(server).get(
        `${BASE}/runs/${first.body.run.id}?entityRef=${CHURN}`,
      );
      expect(changed.body.operations.map((op: any) => op.resource)).toEqual([
        `role:dev:${CHURN}`,
        `role:prd:${CHURN}`,
      ]);

      const notCovering = await request(server).get(
        `${BASE}/runs/${scoped.body.run.id}?entityRef=${CHURN}`,
      );
      expect(notCovering.status).toBe(404);
      expect(notCovering.body.error.message).toBe(
        `Provisioning run ${scoped.body.run.id} does not cover ${CHURN}`,
      );
      const otherProduct = await request(server).get(
        `${BASE}/runs/${first.body.run.id}?entityRef=${ORDERS}`,
      );
      expect(otherProduct.status).toBe(403);
      const bad = await request(server).get(
        `${BASE}/runs/${first.body.run.id}?entityRef=group:team`,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /^query.entityRef: must be a DataProduct entity ref/,
      );
    });

    it('needs the run permission on the product, or the admin permission for the whole mesh', async () => {
      const { server, auditEvent } = await start({
        allow: permission => permission === 'data-products.provisioning.read',
      });

      const product = await request(server)
        .post(`${BASE}/runs`)
        .send({ entityRef: CHURN });
      expect(product.status).toBe(403);
      expect(auditEvent.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      });

      const mesh = await request(server).post(`${BASE}/runs`).send({});
      expect(mesh.status).toBe(403);

      const missing = await request(server)
        .post(`${BASE}/runs`)
        .send({ entityRef: 'dataproduct:default/nope' });
      expect(missing.status).toBe(404);
    });
  });

  describe('GET /provisioning/export', () => {
    it('exports the desired state as JSON, optionally for one environment', async () => {
      const { server } = await start();

      const all = await request(server).get(`${BASE}/export?format=json`);
      expect(all.status).toBe(200);
      expect(all.body.provisioners[0].id).toBe('fake');
      expect(all.body.provisioners[0].desired.resources).toHaveLength(4);

      const dev = await request(server).get(`${BASE}/export?environment=dev`);
      expect(dev.body.environment).toBe('dev');
      expect(
        dev.body.provisioners[0].desired.resources.map(
          (r: any) => r.environment,
        ),
      ).toEqual(['dev', 'dev']);
    });

    it('exports Terraform JSON as a file', async () => {
      const { server } = await start();

      const response = await request(server).get(
        `${BASE}/export?format=terraform&environment=prd`,
      );

      expect(response.status).toBe(200);
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="meshport-prd.tf.json"',
      );
      expect(Object.keys(response.body.resource.fake_role)).toEqual([
        'role_prd_dataproduct_default_churn',
        'role_prd_dataproduct_default_orders',
      ]);
    });

    it('needs the admin permission', async () => {
      const { server } = await start({
        allow: permission => permission !== 'data-products.provisioning.admin',
      });
      const response = await request(server).get(`${BASE}/export`);
      expect(response.status).toBe(403);
    });
  });

  describe('start-up', () => {
    it('refuses two provisioners with the same id', async () => {
      await expect(
        start({ provisioners: [new FakeProvisioner(), new FakeProvisioner()] }),
      ).rejects.toThrow(/Two data-products provisioners have the id 'fake'/);
    });

    it('refuses an unknown provisioning mode, naming the key', async () => {
      await expect(
        start({ config: { provisioning: { mode: 'dry-run' } } }),
      ).rejects.toThrow(
        `Invalid config at 'meshport.provisioning.mode': expected 'plan' or 'apply', got "dry-run"`,
      );
    });
  });
});

describe('provisioning routes for pipelines (external access)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  /** The header of an external-access service principal, as `backend.auth.externalAccess` makes one. */
  const pipelineHeader = (subject: string) =>
    `Bearer mock-service-token:${JSON.stringify({ sub: subject })}`;
  /** The products with titles: a refusal names them by title, never by ref. */
  const TITLES: Record<string, string> = {
    churn: 'Churn model',
    orders: 'Orders',
  };
  const titled = entities.map(entity =>
    TITLES[entity.metadata.name] && entity.kind === 'DataProduct'
      ? {
          ...entity,
          metadata: { ...entity.metadata, title: TITLES[entity.metadata.name] },
        }
      : entity,
  );

  it.each(databases.eachSupportedId())(
    'lets a pipeline reconcile only the products meshport.pipelines gives it, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startDataProductsTestBackend({
        knex,
        entities: titled,
        ownershipOf: () => [],
        provisioner: new FakeProvisioner(),
        config: {
          pipelines: [{ subject: 'ci-churn', dataProducts: ['churn'] }],
        },
        // Backstage's default permissions: every decision allows.
        services: [mockServices.permissions.factory()],
      });

      const own = await request(server)
        .post(`${BASE}/runs`)
        .set('Authorization', pipelineHeader('ci-churn'))
        .send({ entityRef: 'churn' });
      expect(own.status).toBe(202);
      expect(own.body.run.scope).toEqual({ dataProducts: [CHURN] });

      const other = await request(server)
        .post(`${BASE}/runs`)
        .set('Authorization', pipelineHeader('ci-churn'))
        .send({ entityRef: ORDERS });
      expect(other.status).toBe(403);
      expect(other.body.error.message).toBe(
        'The pipeline ci-churn may deploy Churn model only, not Orders.',
      );

      const wholeMesh = await request(server)
        .post(`${BASE}/runs`)
        .set('Authorization', pipelineHeader('ci-churn'))
        .send({});
      expect(wholeMesh.status).toBe(403);
      expect(wholeMesh.body.error.message).toBe(
        'The pipeline ci-churn may deploy Churn model only; provisioning the whole mesh needs a Meshport admin.',
      );

      const plan = await request(server)
        .get(`${BASE}/plan?entityRef=${ORDERS}`)
        .set('Authorization', pipelineHeader('ci-churn'));
      expect(plan.status).toBe(403);
      const ownPlan = await request(server)
        .get(`${BASE}/plan?entityRef=${CHURN}`)
        .set('Authorization', pipelineHeader('ci-churn'));
      expect(ownPlan.status).toBe(200);

      // A new product's preview: only the pipeline it is mapped to.
      const preview = await request(server)
        .post(`${BASE}/preview`)
        .set('Authorization', pipelineHeader('ci-churn'))
        .send({
          entities: [
            {
              ...dataProduct('brand-new'),
              metadata: {
                name: 'brand-new',
                namespace: 'default',
                title: 'Brand new',
              },
            },
          ],
        });
      expect(preview.status).toBe(403);
      expect(preview.body.error.message).toMatch(
        /may deploy Churn model only, not Brand new\.$/,
      );

      // An external principal without an entry may deploy nothing; backend plugins keep their rights.
      const stranger = await request(server)
        .post(`${BASE}/runs`)
        .set('Authorization', pipelineHeader('ci-unknown'))
        .send({ entityRef: CHURN });
      expect(stranger.status).toBe(403);
      expect(stranger.body.error.message).toMatch(/may deploy no data product/);
      const plugin = await request(server)
        .post(`${BASE}/runs`)
        .set('Authorization', pipelineHeader('plugin:scaffolder'))
        .send({ entityRef: ORDERS });
      expect(plugin.status).toBe(202);
    },
  );
});
