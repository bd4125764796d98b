import type { JsonObject } from '@backstage/types';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import express from 'express';
import request from 'supertest';
import { parse } from 'yaml';
import { createContractsFeature, readNoticePeriod } from '.';
import { createPluginRouter } from '../service/httpShell';

const environments: MeshportEnvironment[] = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-dev-datalake' } },
    readsFrom: [],
  },
  {
    name: 'prd',
    accountId: '222222222222',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-prd-datalake' } },
    readsFrom: [],
  },
];

const entities: Entity[] = [
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: {
      name: 'sales-orders',
      namespace: 'default',
      title: 'Sales orders',
    },
    spec: { owner: 'team-sales', domain: 'sales', environments: ['dev'] },
  },
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name: 'orders', namespace: 'default', title: 'Orders' },
    spec: {
      dataProduct: 'sales-orders',
      owner: 'team-sales',
      access: 'restricted',
      outputs: [{ type: 's3', bucket: 'datalake', path: 'sales/orders/' }],
      schema: {
        columns: [{ name: 'order_id', type: 'string', required: true }],
      },
      slos: { freshness: { target: 99, maxAge: '2h' } },
    },
  },
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'customer-360', namespace: 'default' },
    spec: {
      owner: 'team-sales',
      domain: 'sales',
      inputPorts: [{ dataset: 'orders', purpose: 'Order history' }],
    },
  },
];

const ordersV2: Entity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'orders-v2', namespace: 'default', title: 'Orders v2' },
  spec: {
    ...(entities[1].spec as object),
    version: '2.0.0',
    deprecates: { version: '1.0.0', sunset: '2026-12-20', dataset: 'orders' },
    outputs: [{ type: 's3', bucket: 'datalake', path: 'sales/orders_v2/' }],
  },
};

function start(
  catalog = catalogServiceMock({ entities }),
  config: JsonObject = {},
) {
  const services = {
    logger: mockServices.logger.mock(),
    config: mockServices.rootConfig({ data: config }),
  };
  const { routes } = createContractsFeature({
    ...services,
    httpAuth: mockServices.httpAuth(),
    catalog,
    environments,
    clock: () => new Date('2026-12-05T12:00:00Z'),
  });
  return express().use(createPluginRouter({ ...services, routes: [routes] }));
}

describe('GET /contracts/:namespace/:name', () => {
  it("serves a Dataset's ODCS contract as YAML by default, per environment of its product", async () => {
    const response = await request(start()).get(
      '/contracts/default/orders?format=odcs',
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/yaml/);
    expect(response.headers['content-disposition']).toBe(
      'inline; filename="orders.odcs.yaml"',
    );
    const contract = parse(response.text);
    expect(contract).toMatchObject({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'dataset:default/orders',
      domain: 'sales',
      slaProperties: [{ property: 'latency', value: 2, unit: 'h' }],
    });
    // sales-orders runs in dev only: no prd server.
    expect(contract.servers).toEqual([
      {
        server: 'dev-s3-datalake',
        type: 's3',
        environment: 'dev',
        location: 's3://meshport-dev-datalake/sales/orders/',
      },
    ]);
  });

  it('answers JSON for Accept: application/json', async () => {
    const response = await request(start())
      .get('/contracts/default/orders')
      .set('Accept', 'application/json');
    expect(response.status).toBe(200);
    expect(response.body.schema[0].properties).toEqual([
      { name: 'order_id', logicalType: 'string', required: true },
    ]);
  });

  it("serves a DataProduct's ODPS document with its ports linked to the contracts", async () => {
    const response = await request(start())
      .get('/contracts/default/customer-360?format=odps')
      .set('Accept', 'application/json');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      apiVersion: 'v1.0.0',
      kind: 'DataProduct',
      id: 'customer-360',
      inputPorts: [
        {
          name: 'orders',
          version: '1.0.0',
          contractId: 'dataset:default/orders',
        },
      ],
    });
    const producer = await request(start())
      .get('/contracts/default/sales-orders?format=odps')
      .set('Accept', 'application/json');
    expect(producer.body.outputPorts).toEqual([
      {
        name: 'orders',
        type: 'dataset',
        version: '1.0.0',
        contractId: 'dataset:default/orders',
      },
    ]);
  });

  it('answers 400 naming the field, and 404 for the wrong kind or an unknown entity', async () => {
    const app = start();
    const badFormat = await request(app).get(
      '/contracts/default/orders?format=csv',
    );
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.message).toBe(
      'query.format: must be odcs (a Dataset) or odps (a DataProduct)',
    );
    const unknownField = await request(app).get(
      '/contracts/default/orders?fromat=odcs',
    );
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toBe(
      'query.fromat: is not a known field',
    );
    const wrongKind = await request(app).get(
      '/contracts/default/orders?format=odps',
    );
    expect(wrongKind.status).toBe(404);
    expect(wrongKind.body.error.message).toBe(
      'There is no DataProduct dataproduct:default/orders you may read',
    );
    expect((await request(app).get('/contracts/default/nothing')).status).toBe(
      404,
    );
  });

  it('answers 401 without credentials and 503 when the catalog is down', async () => {
    const unauthenticated = await request(start())
      .get('/contracts/default/orders')
      .set('Authorization', mockCredentials.none.header());
    expect(unauthenticated.status).toBe(401);

    const catalog = catalogServiceMock({ entities });
    jest
      .spyOn(catalog, 'getEntityByRef')
      .mockRejectedValue(new Error('connect ECONNREFUSED'));
    const down = await request(start(catalog)).get('/contracts/default/orders');
    expect(down.status).toBe(503);
    expect(down.body.error.message).toBe(
      'The catalog could not be read: connect ECONNREFUSED',
    );
  });
});

describe('GET /contracts/:namespace/:name/pending', () => {
  it('lists the newer major that replaces a dataset, its changes and whether the notice period holds', async () => {
    const catalog = catalogServiceMock({ entities: [...entities, ordersV2] });
    const response = await request(start(catalog)).get(
      '/contracts/default/orders/pending',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      noticePeriod: '30d',
      pending: [
        {
          successor: 'dataset:default/orders-v2',
          successorTitle: 'Orders v2',
          version: '2.0.0',
          sunset: '2026-12-20',
          noticeRespected: false,
          changes: [
            expect.objectContaining({
              kind: 'output-moved',
              severity: 'breaking',
              message:
                'Output s3://datalake/sales/orders/ moved to s3://datalake/sales/orders_v2/.',
            }),
            expect.objectContaining({ kind: 'version-changed' }),
          ],
        },
      ],
    });
    const lenient = await request(
      start(catalog, { meshport: { contracts: { noticePeriod: '10d' } } }),
    ).get('/contracts/default/orders/pending');
    expect(lenient.body.pending[0].noticeRespected).toBe(true);
    const none = await request(start()).get(
      '/contracts/default/orders/pending',
    );
    expect(none.body).toEqual({ noticePeriod: '30d', pending: [] });
  });

  it('refuses a notice period that is not a duration, naming the key', () => {
    expect(() =>
      readNoticePeriod(
        mockServices.rootConfig({
          data: { meshport: { contracts: { noticePeriod: 'a month' } } },
        }),
      ),
    ).toThrow(
      "Invalid config at 'meshport.contracts.noticePeriod': expected a duration like 30d, got 'a month'",
    );
  });
});
