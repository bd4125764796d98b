import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  ALICE,
  authHeader,
  CHURN,
  sampleEntities,
  startAccessBackend,
} from '../access/__testUtils__/backend';

jest.setTimeout(60_000);

const PATH = '/api/data-products/provisioning/changes';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'GET /provisioning/changes (%p)',
  databaseId => {
    async function start(deny: string[] = []) {
      const knex = await databases.init(databaseId);
      const { server } = await startAccessBackend({
        knex,
        entities: sampleEntities(),
        deny,
      });
      return server;
    }

    it("answers a visible product's changes, this product's counts only", async () => {
      const server = await start();
      const response = await request(server)
        .get(PATH)
        .query({ entityRef: CHURN })
        .set('Authorization', authHeader(ALICE));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        entityRef: CHURN,
        counts: { create: 0, update: 0, delete: 0, failed: 0 },
        changes: [],
      });
    });

    it('authenticates, names a bad field, hides unknown products', async () => {
      const server = await start();
      const anonymous = await request(server)
        .get(PATH)
        .query({ entityRef: CHURN })
        .set('Authorization', authHeader());
      expect(anonymous.status).toBe(401);
      const bad = await request(server)
        .get(PATH)
        .query({ entityRef: 'dataset:default/orders-daily' })
        .set('Authorization', authHeader(ALICE));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('entityRef');
      const unknown = await request(server)
        .get(PATH)
        .query({ entityRef: 'dataproduct:default/nope' })
        .set('Authorization', authHeader(ALICE));
      expect(unknown.status).toBe(404);
    });

    it('refuses in a sentence when the policy denies reading provisioning', async () => {
      const server = await start(['data-products.provisioning.read']);
      const refused = await request(server)
        .get(PATH)
        .query({ entityRef: CHURN })
        .set('Authorization', authHeader(ALICE));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        "This portal's access policy does not let you see how churn is provisioned. Ask a Meshport admin if you need to.",
      );
    });

    it('answers what each run changed for the product, and names a bad runIds field', async () => {
      const server = await start();
      const RUN = '00000000-0000-4000-8000-0000000000aa';
      const response = await request(server)
        .get(`${PATH}/runs`)
        .query({ entityRef: CHURN, runIds: `${RUN}, ${RUN}` })
        .set('Authorization', authHeader(ALICE));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        entityRef: CHURN,
        runs: [
          {
            runId: RUN,
            counts: { create: 0, update: 0, delete: 0, failed: 0 },
          },
        ],
      });
      const missing = await request(server)
        .get(`${PATH}/runs`)
        .query({ entityRef: CHURN })
        .set('Authorization', authHeader(ALICE));
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('runIds');
      const tooMany = await request(server)
        .get(`${PATH}/runs`)
        .query({
          entityRef: CHURN,
          runIds: Array.from({ length: 101 }, (_, i) => `run-${i}`).join(','),
        })
        .set('Authorization', authHeader(ALICE));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.message).toContain(
        'must list 1 to 100 run ids',
      );
    });

    it("refuses another product's run counts like its changes", async () => {
      const server = await start(['data-products.provisioning.read']);
      const refused = await request(server)
        .get(`${PATH}/runs`)
        .query({ entityRef: CHURN, runIds: 'x' })
        .set('Authorization', authHeader(ALICE));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        "This portal's access policy does not let you see how churn is provisioned. Ask a Meshport admin if you need to.",
      );
      const anonymous = await request(server)
        .get(`${PATH}/runs`)
        .query({ entityRef: CHURN, runIds: 'x' })
        .set('Authorization', authHeader());
      expect(anonymous.status).toBe(401);
    });
  },
);
