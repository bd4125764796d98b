import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  DataProductProvisioningPlanResponse,
  ProvisioningRun,
} from '@meshport/plugin-data-products-common';
import { DataProductsClient } from './DataProductsClient';
import { isNotAllowedError } from './errors';

const BASE_URL = 'http://localhost:7007/api/data-products';

const run: ProvisioningRun = {
  id: '7b0f2c1e-9a41-4c7e-8f0e-2f6d1a3b4c5d',
  trigger: 'manual',
  mode: 'plan',
  status: 'queued',
  createdAt: '2025-01-01T10:00:00.000Z',
};

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** The body the Backstage error middleware sends. */
function backstageError(name: string, message: string, statusCode: number) {
  return jsonResponse(statusCode, {
    error: { name, message },
    request: { method: 'GET', url: '/' },
    response: { statusCode },
  });
}

function setup(response: Response) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response,
  );
  const discoveryApi: DiscoveryApi = {
    getBaseUrl: jest.fn(async () => BASE_URL),
  };
  const fetchApi: FetchApi = { fetch: fetch as FetchApi['fetch'] };
  const client = new DataProductsClient({ discoveryApi, fetchApi });
  return { client, fetch, discoveryApi };
}

describe('DataProductsClient', () => {
  it('asks the data-products backend for the plan of one product', async () => {
    const plan: DataProductProvisioningPlanResponse = {
      entityRef: 'dataproduct:default/sales-orders',
      mode: 'plan',
      provisioners: [],
      problems: [],
    };
    const { client, fetch, discoveryApi } = setup(jsonResponse(200, plan));

    await expect(
      client.getProvisioningPlan('dataproduct:default/sales-orders'),
    ).resolves.toEqual(plan);

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('data-products');
    expect(fetch).toHaveBeenCalledWith(
      `${BASE_URL}/provisioning/plan?entityRef=dataproduct%3Adefault%2Fsales-orders`,
      undefined,
    );
  });

  it('lists runs with only the filters given', async () => {
    const page = { items: [run], totalCount: 1 };
    const { client, fetch } = setup(jsonResponse(200, page));

    await expect(
      client.listProvisioningRuns({
        entityRef: 'dataproduct:default/sales-orders',
        status: 'failed',
        limit: 10,
        offset: 20,
      }),
    ).resolves.toEqual(page);

    const url = new URL(fetch.mock.calls[0][0] as string);
    expect(url.pathname).toBe('/api/data-products/provisioning/runs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      entityRef: 'dataproduct:default/sales-orders',
      status: 'failed',
      limit: '10',
      offset: '20',
    });
  });

  it('lists all runs without a query string when no filter is given', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { items: [], totalCount: 0 }),
    );

    await client.listProvisioningRuns({});

    expect(fetch.mock.calls[0][0]).toBe(`${BASE_URL}/provisioning/runs`);
  });

  it('reads one run with its operations', async () => {
    const details = { ...run, operations: [] };
    const { client, fetch } = setup(jsonResponse(200, details));

    await expect(client.getProvisioningRun(run.id)).resolves.toEqual(details);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/provisioning/runs/${run.id}`,
    );
  });

  it("reads one product's last changes with its ref in the query", async () => {
    const changes = {
      entityRef: 'dataproduct:default/sales-orders',
      counts: { create: 0, update: 0, delete: 0, failed: 0 },
      changes: [],
    };
    const { client, fetch } = setup(jsonResponse(200, changes));

    await expect(
      client.getProductProvisioningChanges('dataproduct:default/sales-orders'),
    ).resolves.toEqual(changes);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/provisioning/changes?entityRef=dataproduct%3Adefault%2Fsales-orders`,
    );
  });

  it('reads what each run changed for one product, the run ids comma-separated', async () => {
    const counted = {
      entityRef: 'dataproduct:default/sales-orders',
      runs: [
        { runId: 'r1', counts: { create: 1, update: 0, delete: 0, failed: 0 } },
      ],
    };
    const { client, fetch } = setup(jsonResponse(200, counted));

    await expect(
      client.getProductRunChanges('dataproduct:default/sales-orders', [
        'r1',
        'r2',
      ]),
    ).resolves.toEqual(counted);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/provisioning/changes/runs?entityRef=dataproduct%3Adefault%2Fsales-orders&runIds=r1%2Cr2`,
    );
  });

  it('queues a run for one product with a JSON POST', async () => {
    const { client, fetch } = setup(jsonResponse(202, { run }));

    await expect(
      client.triggerProvisioningRun({
        entityRef: 'dataproduct:default/sales-orders',
      }),
    ).resolves.toEqual({ run });

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE_URL}/provisioning/runs`);
    expect(init?.method).toBe('POST');
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(init?.body as string)).toEqual({
      entityRef: 'dataproduct:default/sales-orders',
    });
  });

  it('turns a 403 into a ResponseError recognised as not allowed', async () => {
    const { client } = setup(
      backstageError(
        'NotAllowedError',
        'Only the owners of Sales Orders — Sales team — or a Meshport admin can reconcile it.',
        403,
      ),
    );

    const error = await client
      .triggerProvisioningRun({ entityRef: 'dataproduct:default/x' })
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe(
      'Only the owners of Sales Orders — Sales team — or a Meshport admin can reconcile it.',
    );
    expect(isNotAllowedError(error)).toBe(true);
  });

  it('keeps the server message of other errors', async () => {
    const { client } = setup(
      backstageError(
        'InputError',
        'query.entityRef: must be a DataProduct entity ref',
        400,
      ),
    );

    const error = await client.getProvisioningPlan('nope').catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toMatch(/must be a DataProduct entity ref/);
    expect(isNotAllowedError(error)).toBe(false);
  });

  it('reports a non-JSON error answer with its status', async () => {
    const { client } = setup(
      new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway' }),
    );

    await expect(client.getProvisioningRun(run.id)).rejects.toMatchObject({
      statusCode: 502,
      message: expect.stringMatching(/502/),
    });
  });
});

describe('isNotAllowedError', () => {
  it('recognises only permission refusals', () => {
    expect(isNotAllowedError({ statusCode: 403 })).toBe(true);
    expect(isNotAllowedError({ name: 'NotAllowedError' })).toBe(true);
    expect(isNotAllowedError(new Error('boom'))).toBe(false);
    expect(isNotAllowedError({ statusCode: 404 })).toBe(false);
    expect(isNotAllowedError(undefined)).toBe(false);
    expect(isNotAllowedError('403')).toBe(false);
  });
});
