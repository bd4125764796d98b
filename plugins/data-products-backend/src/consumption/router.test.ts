import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { dataProduct } from '../testing/entities';
import {
  ALICE,
  authHeader,
  BASE,
  BOB,
  CAROL,
  CHURN,
  ORDERS_DAILY,
  sampleEntities,
  startAccessBackend,
} from '../access/__testUtils__/backend';

jest.setTimeout(60_000);

const ORDERS = 'dataproduct:default/orders';
const C360 = 'dataproduct:default/customer-360';

/** The sample catalog with the relations the processor would emit. */
function entities(): Entity[] {
  const customer360 = dataProduct('customer-360', {
    owner: 'team-marketing',
    inputPorts: [{ dataset: 'orders-daily', purpose: 'Lifetime value' }],
  });
  customer360.metadata.title = 'Customer 360';
  customer360.relations = [{ type: 'consumes', targetRef: ORDERS_DAILY }];
  return [
    ...sampleEntities().map(entity =>
      entity.kind === 'Dataset'
        ? {
            ...entity,
            relations: [
              {
                type: 'outputOf',
                targetRef: `dataproduct:default/${
                  (entity.spec as { dataProduct: string }).dataProduct
                }`,
              },
            ],
          }
        : entity,
    ),
    customer360,
  ];
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'GET /consumption (%p)',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const { server } = await startAccessBackend({
        knex,
        entities: entities(),
      });
      // Churn asks for orders-daily without an input port; the owner approves.
      const created = await request(server)
        .post(BASE)
        .set('Authorization', authHeader(ALICE))
        .send({
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'Churn model',
        });
      expect(created.status).toBe(201);
      const approved = await request(server)
        .post(`${BASE}/${created.body.id}/approve`)
        .set('Authorization', authHeader(BOB))
        .send({});
      expect(approved.status).toBe(200);
      return server;
    }

    const consumption = (
      server: any,
      entityRef: string,
      user: string | undefined = CAROL,
    ) =>
      request(server)
        .get(`/api/data-products/consumption?entityRef=${entityRef}`)
        .set('Authorization', authHeader(user));

    it('tells the same consumers for the dataset, its product and retirement usage', async () => {
      const server = await start();

      const ofDataset = await consumption(server, ORDERS_DAILY);
      expect(ofDataset.status).toBe(200);
      const summary = ofDataset.body.consumers.map((c: any) => ({
        consumer: c.consumerTitle,
        state: c.state,
        declared: c.declared,
        undeclaredGrant: c.undeclaredGrant,
        environments: c.grantedEnvironments,
      }));
      expect(summary).toEqual([
        {
          consumer: 'churn',
          state: 'granted',
          declared: false,
          undeclaredGrant: true,
          environments: ['dev', 'prd'],
        },
        {
          consumer: 'Customer 360',
          state: 'declared',
          declared: true,
          undeclaredGrant: false,
          environments: [],
        },
      ]);

      const ofProduct = await consumption(server, ORDERS);
      expect(ofProduct.status).toBe(200);
      expect(ofProduct.body.consumers).toEqual(ofDataset.body.consumers);

      const retirement = await request(server)
        .get(`/api/data-products/retirement?entityRef=${ORDERS}`)
        .set('Authorization', authHeader(BOB));
      expect(retirement.status).toBe(200);
      const usage = retirement.body.usage.consumers.map((c: any) => ({
        consumer: c.title,
        declared: Boolean(c.declared),
        grants: c.grants.length,
      }));
      expect(usage).toEqual([
        { consumer: 'churn', declared: false, grants: 1 },
        { consumer: 'Customer 360', declared: true, grants: 0 },
      ]);
    });

    it("lists a product's inputs: its declared ports and its requests", async () => {
      const server = await start();
      const c360 = await consumption(server, C360);
      expect(c360.status).toBe(200);
      expect(c360.body.inputs).toMatchObject([
        {
          dataset: ORDERS_DAILY,
          state: 'declared',
          purpose: 'Lifetime value',
        },
      ]);
      const churn = await consumption(server, CHURN);
      expect(churn.body.inputs).toMatchObject([
        { dataset: ORDERS_DAILY, state: 'granted', undeclaredGrant: true },
      ]);
    });

    it('answers bad input with a 4xx naming the field', async () => {
      const server = await start();
      const missing = await request(server)
        .get('/api/data-products/consumption')
        .set('Authorization', authHeader(CAROL));
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/entityRef/);
      const component = await consumption(server, 'component:default/website');
      expect(component.status).toBe(400);
      const unknown = await consumption(server, 'dataset:default/nothing');
      expect(unknown.status).toBe(404);
      const anonymous = await request(server)
        .get(`/api/data-products/consumption?entityRef=${ORDERS_DAILY}`)
        .set('Authorization', authHeader(undefined));
      expect(anonymous.status).toBe(401);
    });
  },
);
