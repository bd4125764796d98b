/*
 * The plugin's one HTTP shell, on SQLite and PostgreSQL, through the whole
 * plugin: each route group parses its own bodies (1,000 SLO measurements fit),
 * a database that cannot be used answers 503 with Retry-After, and no error
 * body ever carries SQL, its values or a stack.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  authHeader,
  BASE,
  DANA,
  sampleEntities,
  startAccessBackend,
} from '../access/__testUtils__/backend';
import { sloDataset } from '../slo/testing';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** What an error body must never show: SQL, its values, a stack. */
function expectNoInternals(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(
    /\b(select|insert|update|delete)\b.*\b(from|into|set)\b/i,
  );
  expect(text).not.toMatch(/access_requests|slo_measurements|knex|sqlite|pg_/i);
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toContain('"stack"');
}

describe.each(databases.eachSupportedId())('the HTTP shell, %p', databaseId => {
  async function start() {
    const knex = await databases.init(databaseId);
    return startAccessBackend({
      knex,
      entities: [...sampleEntities(), sloDataset('churn-scores', 'churn')],
    });
  }

  it('accepts the documented maximum of 1,000 SLO measurements in one request', async () => {
    const { server } = await start();
    // a minute apart from a day ago: within the raw retention whenever it runs
    const start_ = Date.now() - 24 * 60 * 60_000;
    const measurements = Array.from({ length: 1000 }, (_, i) => ({
      dataset: 'dataset:default/churn-scores',
      kind: 'update',
      at: new Date(start_ + i * 60_000).toISOString(),
      rowCount: 1000 + i,
      environment: 'prd',
    }));
    const body = JSON.stringify({ measurements });
    // more than the 100 KB a default body parser takes
    expect(body.length).toBeGreaterThan(100 * 1024);

    const response = await request(server)
      .post('/api/data-products/slo/measurements')
      .set('Authorization', authHeader(DANA))
      .send({ measurements });
    expect(response.status).toBeLessThan(300);
    expect(JSON.stringify(response.body)).toContain('1000');
  });

  it('still refuses an oversized body elsewhere (413), without internals', async () => {
    const { server } = await start();
    const response = await request(server)
      .post(BASE)
      .set('Authorization', authHeader(DANA))
      .send({ purpose: 'x'.repeat(200 * 1024) });
    expect(response.status).toBe(413);
    expectNoInternals(response.body);
  });

  it('answers 503 with Retry-After when the database is unavailable', async () => {
    const { server, knex } = await start();
    await knex.destroy();

    const response = await request(server)
      .get(BASE)
      .set('Authorization', authHeader(DANA));
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message: 'The database is unavailable right now; try again in 5 seconds.',
    });
    expectNoInternals(response.body);
  });

  it('answers 500 without the SQL or its values when a statement fails', async () => {
    const { server, knex } = await start();
    // a broken schema: every statement on the table fails with its SQL in the message
    await knex.schema.dropTable('access_requests');

    const response = await request(server)
      .post(BASE)
      .set('Authorization', authHeader('user:default/alice'))
      .send({
        consumer: 'dataproduct:default/churn',
        dataset: 'dataset:default/orders-daily',
        environments: ['dev'],
        purpose: 'secret-purpose-value',
        duration: '90d',
      });
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({
      name: 'Error',
      message:
        'The server could not complete the request; the details are in its log.',
    });
    expect(JSON.stringify(response.body)).not.toContain('secret-purpose-value');
    expectNoInternals(response.body);
  });

  it('validates requests against the OpenAPI document: what a route would take but the document refuses is a 400 naming the field', async () => {
    const { server } = await start();
    // the preview route's own schema takes any list items; the document wants entities (objects)
    const response = await request(server)
      .post('/api/data-products/provisioning/preview')
      .set('Authorization', authHeader(DANA))
      .send({ entities: ['not an entity'] });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      name: 'InputError',
      message: 'body.entities.0: must be a JSON object',
    });
  });

  it('keeps the route’s own sentence where both the route and the document refuse', async () => {
    const { server } = await start();
    const response = await request(server)
      .get('/api/data-products/provisioning/export?format=yaml')
      .set('Authorization', authHeader(DANA));
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'query.format: must be one of: terraform, json',
    );
  });

  it('serves its OpenAPI document', async () => {
    const { server } = await start();
    const response = await request(server).get(
      '/api/data-products/openapi.json',
    );
    expect(response.status).toBe(200);
    expect(response.body.info.title).toBe('data-products');
    expect(Object.keys(response.body.paths)).toContain(
      '/api/data-products/access/requests/{id}/approve',
    );
  });
});
