import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import type {
  DatasetSloReport,
  SloStatusesResponse,
  SloSummaryResponse,
} from '@meshport/plugin-data-products-common';
import express from 'express';
import request from 'supertest';
import { applyDatabaseMigrations } from '../database/migrations';
import { DEFAULT_SLO_CONFIG } from './config';
import { DatabaseSloStore } from './DatabaseSloStore';
import { createPluginRouter } from '../service/httpShell';
import { registerSloRoutes } from './router';
import { SloService } from './SloService';
import { dataProduct, sloDataset } from './testing';

jest.setTimeout(30_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-11-23T12:30:00Z */
const NOW = Date.UTC(2026, 10, 23, 12, 30);
const iso = (ms: number) => new Date(ms).toISOString();

const entities: Entity[] = [
  dataProduct('sales-orders'),
  sloDataset('orders', 'sales-orders'),
  sloDataset('order-lines', 'sales-orders', {
    slos: { freshness: { target: 90, maxAge: '24h' } },
  }),
  sloDataset('no-slos', 'sales-orders', { slos: undefined }),
  sloDataset('elsewhere', 'other-product'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'website', namespace: 'default' },
    spec: { type: 'service', owner: 'team-web', lifecycle: 'production' },
  },
];

describe('SLO routes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start(
    options: {
      allow?: (permission: string, ref?: string) => boolean;
      /** `meshport.pipelines`; by default the test pipeline pushes for sales-orders. */
      pipelines?: Array<{ subject: string; dataProducts: string[] }>;
    } = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = new DatabaseSloStore(knex);
    const catalog = catalogServiceMock({ entities });
    const clock = () => new Date(NOW);
    const service = new SloService({
      store,
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      config: DEFAULT_SLO_CONFIG,
      clock,
    });
    const allow = options.allow ?? (() => true);
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: AuthorizePermissionRequest[]) =>
        requests.map(r => ({
          result: allow(r.permission.name, r.resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        })) as any,
    });
    const auditEvent = { success: jest.fn(), fail: jest.fn() };
    const auditor = mockServices.auditor.mock({
      createEvent: async () => auditEvent as any,
    });
    const app = express();
    const logger = mockServices.logger.mock();
    const config = mockServices.rootConfig({
      data: {
        meshport: {
          pipelines: options.pipelines ?? [
            {
              subject: 'external:test-service',
              dataProducts: ['sales-orders'],
            },
          ],
        },
      },
    });
    app.use(
      createPluginRouter({
        config,
        logger,
        routes: [
          router =>
            registerSloRoutes(router, {
              logger,
              config,
              httpAuth: mockServices.httpAuth(),
              permissions,
              auditor,
              catalog,
              service,
              maxAgeMs: DEFAULT_SLO_CONFIG.rawRetentionMs,
              clock,
            }),
        ],
      }),
    );
    return { app, store, service, auditEvent, permissions };
  }

  function post(app: express.Express, body: unknown) {
    return request(app)
      .post('/slo/measurements')
      .send(body as object);
  }

  /** orders: 5 of 6 checks available (breached); order-lines: updated 3 days ago (breached). */
  async function seedBreaches(app: express.Express) {
    await post(app, {
      measurements: [
        // orders: five available checks, then a failed one an hour ago: 5 of 6
        ...Array.from({ length: 5 }, (_, i) => ({
          dataset: 'orders',
          kind: 'availability',
          at: iso(NOW - (i + 2) * HOUR),
          available: true,
        })),
        {
          dataset: 'orders',
          kind: 'availability',
          at: iso(NOW - HOUR),
          available: false,
        },
        // order-lines: last updated three days ago -> breached
        { dataset: 'order-lines', kind: 'update', at: iso(NOW - 3 * DAY) },
      ],
    });
  }

  it('refuses every route without credentials', async () => {
    const { app } = await start();
    const none = mockCredentials.none.header();
    for (const path of [
      '/slo/datasets/default/orders',
      '/slo/summary?dataProduct=sales-orders',
      '/slo/statuses',
    ]) {
      const response = await request(app).get(path).set('Authorization', none);
      expect(response.status).toBe(401);
    }
    const response = await post(app, {
      measurements: [
        { dataset: 'orders', kind: 'update', at: iso(NOW), rowCount: 1 },
      ],
    }).set('Authorization', none);
    expect(response.status).toBe(401);
  });

  it("refuses a pipeline measurements for another product's datasets (meshport.pipelines)", async () => {
    const { app, store } = await start({
      pipelines: [
        { subject: 'external:test-service', dataProducts: ['other-product'] },
      ],
    });
    const response = await post(app, {
      measurements: [
        { dataset: 'orders', kind: 'update', at: iso(NOW - HOUR) },
      ],
    }).set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'The pipeline external:test-service may deploy other-product only, not sales-orders.',
    );
    const own = await post(app, {
      measurements: [
        { dataset: 'elsewhere', kind: 'update', at: iso(NOW - HOUR) },
      ],
    }).set('Authorization', mockCredentials.service.header());
    expect(own.status).toBe(202);
    expect(
      await store.listMeasurements('dataset:default/orders', {
        from: NOW - DAY,
        to: NOW,
      }),
    ).toEqual([]);
  });

  it('stores a batch from a pipeline (service) and counts re-sent ones as duplicates', async () => {
    const { app, auditEvent } = await start();
    const measurements = [
      { dataset: 'orders', kind: 'update', at: iso(NOW - DAY), rowCount: 1000 },
      {
        dataset: 'dataset:default/orders',
        kind: 'update',
        at: iso(NOW - HOUR),
        rowCount: 1010,
        environment: 'prd',
      },
      {
        dataset: 'Dataset:default/Orders',
        kind: 'availability',
        at: '2026-11-23T13:00:00+01:00',
        available: true,
      },
      { dataset: 'order-lines', kind: 'update', at: iso(NOW - HOUR) },
    ];
    const first = await post(app, { measurements }).set(
      'Authorization',
      mockCredentials.service.header(),
    );
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: 4, duplicates: 0 });
    expect(auditEvent.success).toHaveBeenCalledWith({
      meta: {
        datasets: ['dataset:default/orders', 'dataset:default/order-lines'],
        accepted: 4,
        duplicates: 0,
      },
    });

    const again = await post(app, { measurements });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: 0, duplicates: 4 });

    const report = await request(app).get('/slo/datasets/default/orders');
    expect(report.status).toBe(200);
    const body = report.body as DatasetSloReport;
    expect(body).toMatchObject({
      dataset: 'dataset:default/orders',
      dataProduct: 'dataproduct:default/sales-orders',
      evaluatedAt: iso(NOW),
      monitoring: true,
      sampleData: false,
    });
    expect(body.slos.map(s => [s.kind, s.sli, s.total, s.status])).toEqual([
      ['availability', 100, 1, 'met'],
      ['completeness', 100, 1, 'met'],
      // yesterday (from its update at 12:30) and today, both fresh
      ['freshness', 100, 2, 'met'],
    ]);
    const availability = body.slos[0];
    expect(availability).toMatchObject({
      target: 99.5,
      window: '20d',
      granularity: 'hour',
      errorBudgetRemaining: 1,
      burnRate: 0,
      burnRateWindow: '24h',
      // 13:00+01:00
      lastMeasurementAt: '2026-11-23T12:00:00.000Z',
      breaches: [],
    });
    expect(availability.series).toHaveLength(480);
    expect(availability.series[479]).toEqual({
      at: iso(Date.UTC(2026, 10, 23, 12)),
      good: 1,
      total: 1,
      value: 100,
    });
    expect(body.slos[1].series[19]).toMatchObject({ rowCount: 1010 });
  });

  it.each([
    [{}, 'measurements: must be a list of 1 to 1000 measurements'],
    [
      { measurements: [] },
      'measurements: must be a list of 1 to 1000 measurements',
    ],
    [[1, 2], 'body: must be a JSON object { measurements: [...] }'],
    [
      { measurements: [], extra: 1 },
      'measurements: must be a list of 1 to 1000 measurements; extra: is not a known field',
    ],
  ])('answers the body %j with 400 %p', async (body, message) => {
    const { app } = await start();
    const response = await post(app, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ name: 'InputError', message });
  });

  const ok = {
    dataset: 'orders',
    kind: 'update',
    at: iso(NOW - HOUR),
    rowCount: 5,
  };
  it.each([
    [
      { rowCount: -1 },
      'measurements[3].rowCount: must be a non-negative integer',
    ],
    [
      { rowCount: 1.5 },
      'measurements[3].rowCount: must be a non-negative integer',
    ],
    [
      { rowCount: '12' },
      'measurements[3].rowCount: must be a non-negative integer',
    ],
    [
      { kind: 'latency' },
      "measurements[3].kind: must be 'update' or 'availability'",
    ],
    [
      { at: 'yesterday' },
      'measurements[3].at: must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-23T10:00:00Z',
    ],
    [
      { at: '2026-11-23T10:00:00' },
      'measurements[3].at: must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-23T10:00:00Z',
    ],
    [{ at: iso(NOW + HOUR) }, 'measurements[3].at: must not be in the future'],
    [
      { at: iso(NOW - 40 * DAY) },
      'measurements[3].at: must be within the last 35 days (the raw retention)',
    ],
    [{ colour: 'red' }, 'measurements[3].colour: is not a known field'],
    [
      { available: true },
      'measurements[3].available: only belongs to an availability check',
    ],
    [
      { kind: 'availability', rowCount: undefined },
      'measurements[3].available: is required for an availability check',
    ],
    [
      { kind: 'availability', available: false },
      'measurements[3].rowCount: only belongs to an update',
    ],
    [
      { environment: 'Prod!' },
      'measurements[3].environment: must be an environment name (lowercase letters, digits, -)',
    ],
    [
      { dataset: 'component:default/website' },
      'measurements[3].dataset: must be a Dataset entity ref such as dataset:default/orders (got "component:default/website")',
    ],
    [{ dataset: '' }, 'measurements[3].dataset: must be a Dataset entity ref'],
    [
      { dataset: 'nope' },
      'measurements[3].dataset: there is no Dataset "nope"',
    ],
  ])(
    'answers a measurement with %j with 400 naming the field, and stores nothing',
    async (change, message) => {
      const { app, store, auditEvent } = await start();
      const response = await post(app, {
        measurements: [ok, ok, ok, { ...ok, ...change }],
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'InputError',
        message,
      });
      expect(
        await store.listMeasurements('dataset:default/orders', {
          from: 0,
          to: NOW,
        }),
      ).toEqual([]);
      expect(auditEvent.fail).toHaveBeenCalled();
    },
  );

  it('refuses more than 1000 measurements in one request', async () => {
    const { app } = await start();
    const response = await post(app, {
      measurements: Array.from({ length: 1001 }, (_, i) => ({
        ...ok,
        at: iso(NOW - i * 60_000),
      })),
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'measurements: must be a list of 1 to 1000 measurements',
    );
  });

  it('checks the permission against each Dataset and names the refused ones', async () => {
    const { app, store, permissions } = await start({
      allow: (_, ref) => ref !== 'dataset:default/order-lines',
    });
    const response = await post(app, {
      measurements: [ok, { ...ok, dataset: 'order-lines' }],
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Only the owners of order-lines — team-sales group — or a Meshport admin can record SLO measurements for it.',
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'data-products.slo.measurement.create',
          }),
          resourceRef: 'dataset:default/orders',
        },
        {
          permission: expect.objectContaining({
            name: 'data-products.slo.measurement.create',
          }),
          resourceRef: 'dataset:default/order-lines',
        },
      ],
      expect.anything(),
    );
    expect(
      await store.listMeasurements('dataset:default/orders', {
        from: 0,
        to: NOW,
      }),
    ).toEqual([]);
  });

  it('refuses measurements of a dataset whose monitoring retirement stopped', async () => {
    const { app, service } = await start();
    await service.stopMonitoring(['dataset:default/orders']);
    const response = await post(app, { measurements: [ok] });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      'The Dataset "orders" is being retired: its SLOs take no new measurements.',
    );
    const report = await request(app).get('/slo/datasets/default/orders');
    expect(report.body.monitoring).toBe(false);
  });

  it('names the retiring datasets as the pipeline sent them', async () => {
    const { app, service } = await start();
    await service.stopMonitoring([
      'dataset:default/orders',
      'dataset:default/order-lines',
    ]);
    const response = await post(app, {
      measurements: [
        { ...ok, dataset: 'dataset:default/orders' },
        { ...ok, dataset: 'order-lines' },
        { ...ok, dataset: 'orders' },
      ],
    });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      'The Datasets "dataset:default/orders" and "order-lines" are being retired: their SLOs take no new measurements.',
    );
  });

  it('answers 404 for an unknown dataset and an empty list for one without SLOs', async () => {
    const { app } = await start();
    const missing = await request(app).get('/slo/datasets/default/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'There is no Dataset "nope" in the namespace "default".',
    );
    const component = await request(app).get('/slo/datasets/default/website');
    expect(component.status).toBe(404);
    const none = await request(app).get('/slo/datasets/default/no-slos');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ slos: [], sampleData: false });
  });

  it('summarises the datasets of a product with their worst status', async () => {
    const { app } = await start();
    await seedBreaches(app);

    expect((await request(app).get('/slo/summary')).body.error.message).toBe(
      'query.dataProduct: is required',
    );
    const unknown = await request(app).get('/slo/summary?dataProduct=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('There is no DataProduct "nope".');

    const response = await request(app).get(
      '/slo/summary?dataProduct=sales-orders',
    );
    expect(response.status).toBe(200);
    const body = response.body as SloSummaryResponse;
    expect(body.dataProduct).toBe('dataproduct:default/sales-orders');
    expect(body.sampleData).toBe(false);
    expect(
      body.datasets.map(d => [d.dataset, d.status ?? null, d.slos.length]),
    ).toEqual([
      ['dataset:default/no-slos', null, 0],
      ['dataset:default/order-lines', 'breached', 1],
      ['dataset:default/orders', 'breached', 3],
    ]);
    const orders = body.datasets[2];
    expect(orders.slos.map(s => [s.kind, s.status])).toEqual([
      ['availability', 'breached'],
      ['completeness', 'no-data'],
      ['freshness', 'no-data'],
    ]);
    expect(orders.slos[0].sli).toBe(83.3333);
  });

  it('gives the worst SLO status of each visible dataset and product, filtered by status and ref', async () => {
    const { app } = await start();
    await seedBreaches(app);
    const all = await request(app).get('/slo/statuses');
    expect(all.status).toBe(200);
    const body = all.body as SloStatusesResponse;
    expect(body.evaluatedAt).toBe(iso(NOW));
    expect(body.items).toEqual([
      { entityRef: 'dataproduct:default/other-product', status: 'no-data' },
      { entityRef: 'dataproduct:default/sales-orders', status: 'breached' },
      { entityRef: 'dataset:default/elsewhere', status: 'no-data' },
      { entityRef: 'dataset:default/order-lines', status: 'breached' },
      { entityRef: 'dataset:default/orders', status: 'breached' },
    ]);

    const noData = await request(app).get('/slo/statuses?status=no-data');
    expect(
      noData.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual([
      'dataproduct:default/other-product',
      'dataset:default/elsewhere',
    ]);
    const some = await request(app).get(
      '/slo/statuses?entityRef=dataset:default/orders&entityRef=DataProduct:default/other-product&entityRef=dataset:default/no-slos',
    );
    expect(some.body.items).toEqual([
      { entityRef: 'dataproduct:default/other-product', status: 'no-data' },
      { entityRef: 'dataset:default/orders', status: 'breached' },
    ]);

    const bad = await request(app).get('/slo/statuses?status=green');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'query.status: must be one of met, at-risk, breached, no-data',
    );
    const unknownField = await request(app).get('/slo/statuses?state=met');
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toBe(
      'query.state: is not a known field',
    );
  });
});
