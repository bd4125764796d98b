import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { RetirementClient } from './RetirementClient';

const BASE_URL = 'http://localhost:7007/api/data-products';
const ID = '7b0f2c1e-9a41-4c7e-8f0e-2f6d1a3b4c5d';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** Answers every call with a fresh copy of `response`. */
function setup(response: Response) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response.clone(),
  );
  const discoveryApi: DiscoveryApi = {
    getBaseUrl: jest.fn(async () => BASE_URL),
  };
  const fetchApi: FetchApi = { fetch: fetch as FetchApi['fetch'] };
  return { client: new RetirementClient({ discoveryApi, fetchApi }), fetch };
}

describe('RetirementClient', () => {
  it("reads a product's retirement and a dataset's status", async () => {
    const { client, fetch } = setup(jsonResponse(200, { steps: [] }));
    await client.getRetirement('dataproduct:default/orders');
    await client.getRetirementStatus('dataset:default/orders-daily');
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${BASE_URL}/retirement?entityRef=dataproduct%3Adefault%2Forders`,
      `${BASE_URL}/retirement/status?entityRef=dataset%3Adefault%2Forders-daily`,
    ]);
  });

  it('starts, confirms and cancels with JSON bodies', async () => {
    const { client, fetch } = setup(jsonResponse(200, { id: ID }));
    await client.startRetirement({
      entityRef: 'dataproduct:default/orders',
      reason: 'Replaced',
      sunset: '2026-12-21',
    });
    await client.confirmRetirement(ID);
    await client.cancelRetirement(ID, { note: 'not yet' });
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.body])).toEqual([
      [
        `${BASE_URL}/retirement`,
        JSON.stringify({
          entityRef: 'dataproduct:default/orders',
          reason: 'Replaced',
          sunset: '2026-12-21',
        }),
      ],
      [`${BASE_URL}/retirement/${ID}/confirm`, '{}'],
      [`${BASE_URL}/retirement/${ID}/cancel`, '{"note":"not yet"}'],
    ]);
    expect(fetch.mock.calls.every(([, init]) => init?.method === 'POST')).toBe(
      true,
    );
  });

  it("rejects with the backend's error, e.g. a refused sunset", async () => {
    const { client } = setup(
      jsonResponse(400, {
        error: {
          name: 'InputError',
          message:
            'body.sunset: must be at least 30 days from now (2026-12-21)',
        },
        request: { method: 'POST', url: '/retirement' },
        response: { statusCode: 400 },
      }),
    );
    const error = await client
      .startRetirement({
        entityRef: 'orders',
        reason: 'x',
        sunset: '2026-11-30',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe(
      'body.sunset: must be at least 30 days from now (2026-12-21)',
    );
  });
});
