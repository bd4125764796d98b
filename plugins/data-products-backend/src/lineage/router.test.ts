import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  authHeader,
  sampleEntities,
  startAccessBackend,
} from '../access/__testUtils__/backend';
import { dataProduct, dataset } from '../testing/entities';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const RUN_1 = '0190c3a2-7b1e-7d4e-9a55-000000000001';
const RUN_2 = '0190c3a2-7b1e-7d4e-9a55-000000000002';
const ORDERS_DAILY_S3 = {
  namespace: 's3://meshport-dev-datalake',
  name: 'orders/orders-daily',
};
const CHURN_SCORES_GLUE = {
  namespace: 'arn:aws:glue:eu-west-1:111111111111',
  name: 'table/churn/scores',
};
const UNKNOWN = {
  namespace: 'postgres://crm-db:5432',
  name: 'crm.public.leads',
};

function entities() {
  return [
    ...sampleEntities(),
    dataset('churn-scores', 'churn', {
      owner: 'team-sales',
      outputs: [{ type: 'glue', database: 'churn', table: 'scores' }],
    }),
    dataProduct('forecast', {
      owner: 'team-sales',
      inputPorts: [{ dataset: 'churn-scores', purpose: 'forecasting' }],
    }),
  ];
}

function runEvents(runId: string, day: string) {
  const base = {
    producer:
      'https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python',
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId },
    job: { namespace: 'churn', name: 'score_customers' },
  };
  return [
    {
      ...base,
      eventType: 'START',
      eventTime: `${day}T10:00:00.000Z`,
      inputs: [ORDERS_DAILY_S3],
      outputs: [CHURN_SCORES_GLUE],
    },
    {
      ...base,
      eventType: 'COMPLETE',
      eventTime: `${day}T10:05:00.000Z`,
      inputs: [ORDERS_DAILY_S3, UNKNOWN],
      outputs: [
        {
          ...CHURN_SCORES_GLUE,
          facets: {
            schema: {
              fields: [
                { name: 'customer_id', type: 'string' },
                { name: 'score', type: 'double' },
              ],
            },
            columnLineage: {
              fields: {
                customer_id: {
                  inputFields: [
                    {
                      ...ORDERS_DAILY_S3,
                      field: 'customer_id',
                      transformations: [
                        { type: 'DIRECT', subtype: 'IDENTITY' },
                      ],
                    },
                  ],
                },
              },
            },
          },
        },
      ],
    },
  ];
}

describe('lineage routes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'ingests a batch once, maps it, answers the graph and usage and flags the undeclared read, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server, sent } = await startAccessBackend({
        knex,
        entities: entities(),
      });
      const today = new Date().toISOString().slice(0, 10);

      const first = await request(server)
        .post('/api/data-products/lineage')
        .set('Authorization', mockCredentials.service.header())
        .send(runEvents(RUN_1, today));
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        received: 2,
        stored: 2,
        unmatchedDatasets: [UNKNOWN],
      });

      // Idempotent on (run id, event type, event time), also where Marquez clients send.
      const again = await request(server)
        .post('/api/data-products/lineage/api/v1/lineage')
        .set('Authorization', mockCredentials.service.header())
        .send(runEvents(RUN_1, today)[1]);
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ received: 1, stored: 0 });

      const graph = await request(server)
        .get('/api/data-products/lineage/graph')
        .query({ entityRef: 'dataset:default/churn-scores', depth: 2 })
        .set('Authorization', authHeader(ALICE));
      expect(graph.status).toBe(200);
      const byRef = Object.fromEntries(
        graph.body.datasets.map((d: any) => [d.datasetRef ?? d.name, d]),
      );
      expect(byRef['dataset:default/churn-scores']).toMatchObject({
        side: 'self',
        distance: 0,
        fields: [
          { name: 'customer_id', type: 'string' },
          { name: 'score', type: 'double' },
        ],
      });
      expect(byRef['dataset:default/orders-daily']).toMatchObject({
        side: 'upstream',
        distance: 1,
      });
      expect(byRef['crm.public.leads']).toMatchObject({
        side: 'upstream',
        namespace: UNKNOWN.namespace,
      });
      expect(graph.body.jobs).toEqual([
        expect.objectContaining({
          namespace: 'churn',
          name: 'score_customers',
          dataProduct: 'dataproduct:default/churn',
          lastRun: {
            runId: RUN_1,
            state: 'COMPLETE',
            at: `${today}T10:05:00.000Z`,
          },
        }),
      ]);
      expect(graph.body.columnEdges).toEqual([
        expect.objectContaining({
          field: 'customer_id',
          inputField: 'customer_id',
          inputDatasetId: byRef['dataset:default/orders-daily'].id,
          transformation: 'DIRECT/IDENTITY',
        }),
      ]);

      // churn reads orders-daily with no input port and no grant: the owner hears of it once.
      const ownerNotices = () =>
        sent.filter(n => n.payload.topic === 'data-products-lineage');
      expect(ownerNotices()).toEqual([
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: 'group:default/team-finance',
          },
          payload: expect.objectContaining({
            title: 'Undeclared read of orders-daily',
            link: '/catalog/default/dataset/orders-daily/lineage',
          }),
        }),
      ]);
      await request(server)
        .post('/api/data-products/lineage')
        .set('Authorization', mockCredentials.service.header())
        .send(runEvents(RUN_2, today))
        .expect(201);
      expect(ownerNotices()).toHaveLength(1);

      const upstreamView = await request(server)
        .get('/api/data-products/lineage/graph')
        .query({ entityRef: 'dataset:default/orders-daily' })
        .set('Authorization', authHeader(ALICE));
      expect(upstreamView.body.undeclared).toEqual([
        expect.objectContaining({
          datasetRef: 'dataset:default/orders-daily',
          consumer: 'dataproduct:default/churn',
          job: 'churn/score_customers',
          notifiedAt: expect.any(String),
        }),
      ]);
      // churn-scores is downstream; the job's other input is neither up- nor downstream
      expect(
        upstreamView.body.datasets.map((d: any) => [
          d.datasetRef ?? d.name,
          d.side,
        ]),
      ).toEqual([
        ['dataset:default/orders-daily', 'self'],
        ['dataset:default/churn-scores', 'downstream'],
      ]);
      expect(upstreamView.body.columnEdges).toHaveLength(1);

      // Once churn holds a grant on orders-daily, the read is no longer flagged.
      const { body: requested } = await request(server)
        .post('/api/data-products/access/requests')
        .set('Authorization', authHeader(ALICE))
        .send({
          consumer: 'dataproduct:default/churn',
          dataset: 'dataset:default/orders-daily',
          purpose: 'churn model',
          duration: '90d',
          environments: ['dev'],
        });
      await request(server)
        .post(`/api/data-products/access/requests/${requested.id}/approve`)
        .set('Authorization', authHeader('user:default/bob'))
        .send({})
        .expect(200);
      const afterGrant = await request(server)
        .get('/api/data-products/lineage/graph')
        .query({ entityRef: 'dataset:default/orders-daily' })
        .set('Authorization', authHeader(ALICE));
      expect(afterGrant.body.undeclared).toEqual([]);

      // A product's view: its jobs and datasets are its own, what they read is upstream.
      const productView = await request(server)
        .get('/api/data-products/lineage/graph')
        .query({ entityRef: 'dataproduct:default/churn', depth: 1 })
        .set('Authorization', authHeader(ALICE));
      expect(
        productView.body.jobs.map((j: any) => [j.name, j.side, j.distance]),
      ).toEqual([['score_customers', 'self', 0]]);
      expect(
        productView.body.datasets.map((d: any) => [
          d.datasetRef ?? d.name,
          d.side,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['dataset:default/churn-scores', 'self'],
          ['dataset:default/orders-daily', 'upstream'],
          ['crm.public.leads', 'upstream'],
        ]),
      );

      // Two runs read orders-daily today: usage per consumer per day.
      const usage = await request(server)
        .get('/api/data-products/lineage/usage')
        .query({ entityRef: 'dataset:default/orders-daily', days: 7 })
        .set('Authorization', authHeader(ALICE));
      expect(usage.body).toMatchObject({
        daily: [
          { day: today, consumer: 'dataproduct:default/churn', reads: 2 },
        ],
        readersLast30Days: ['dataproduct:default/churn'],
        lastRead: `${today}T10:00:00.000Z`,
      });

      // The retirement of orders weighs the reads: churn read its data lately.
      const retirement = await request(server)
        .get('/api/data-products/retirement')
        .query({ entityRef: 'dataproduct:default/orders' })
        .set('Authorization', authHeader(ALICE));
      expect(retirement.body.usage.reads).toEqual({
        lastRead: `${today}T10:00:00.000Z`,
        readersLast30Days: ['dataproduct:default/churn'],
      });

      const unmatched = await request(server)
        .get('/api/data-products/lineage/unmatched')
        .set('Authorization', authHeader(ALICE));
      expect(unmatched.body.items).toEqual([expect.objectContaining(UNKNOWN)]);

      const relations = await request(server)
        .get('/api/data-products/lineage/relations')
        .set('Authorization', mockCredentials.service.header());
      expect(relations.body.items).toEqual(
        expect.arrayContaining([
          {
            source: 'dataset:default/orders-daily',
            target: 'dataproduct:default/churn',
          },
          {
            source: 'dataproduct:default/churn',
            target: 'dataset:default/churn-scores',
          },
        ]),
      );
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers 4xx naming the field, and 401 without credentials, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startAccessBackend({
        knex,
        entities: entities(),
      });
      const post = (body: unknown, auth = mockCredentials.service.header()) =>
        request(server)
          .post('/api/data-products/lineage')
          .set('Authorization', auth)
          .send(body as any);
      const [start, complete] = runEvents(RUN_1, '2026-12-01');

      const badRunId = await post([
        start,
        { ...complete, run: { runId: 'nope' } },
      ]);
      expect(badRunId.status).toBe(400);
      expect(badRunId.body.error.message).toBe(
        'body.1.run.runId: must be a UUID',
      );

      const noTime = await post({ ...start, eventTime: undefined });
      expect(noTime.body.error.message).toBe('body.eventTime: is required');

      const badType = await post({ ...start, eventType: 'DONE' });
      expect(badType.body.error.message).toMatch(
        /^body\.eventType: must be one of START, RUNNING, COMPLETE/,
      );

      const noName = await post({
        ...start,
        inputs: [{ namespace: 's3://x' }],
      });
      expect(noName.body.error.message).toBe('body.inputs.0.name: is required');

      const notJson = await request(server)
        .post('/api/data-products/lineage')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send('{"eventType": ');
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.message).toMatch(/^body: must be valid JSON/);

      const empty = await post([]);
      expect(empty.body.error.message).toBe(
        'body: must hold at least one event',
      );

      const anonymous = await post(start, mockCredentials.none.header());
      expect(anonymous.status).toBe(401);

      const badDepth = await request(server)
        .get('/api/data-products/lineage/graph')
        .query({ entityRef: 'dataset:default/orders-daily', depth: 9 })
        .set('Authorization', authHeader(ALICE));
      expect(badDepth.status).toBe(400);
      expect(badDepth.body.error.message).toBe(
        'query.depth: must be a whole number from 1 to 5',
      );
      const missing = await request(server)
        .get('/api/data-products/lineage/graph')
        .query({ entityRef: 'dataset:default/nothing-here' })
        .set('Authorization', authHeader(ALICE));
      expect(missing.status).toBe(404);
      await knex.destroy();
    },
  );
});
