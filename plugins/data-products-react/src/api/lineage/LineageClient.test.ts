import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { LineageClient } from './LineageClient';

const BASE_URL = 'http://localhost:7007/api/data-products';

function setup(status: number, body: unknown) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  const discoveryApi: DiscoveryApi = {
    getBaseUrl: jest.fn(async () => BASE_URL),
  };
  const fetchApi: FetchApi = { fetch: fetch as FetchApi['fetch'] };
  return { client: new LineageClient({ discoveryApi, fetchApi }), fetch };
}

describe('LineageClient', () => {
  it('asks for the graph and the usage of an entity', async () => {
    const { client, fetch } = setup(200, {});
    await client.getLineage('dataset:default/orders', 2);
    await client.getUsage('dataset:default/orders');
    await client.getConsumption('dataset:default/orders');
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${BASE_URL}/lineage/graph?entityRef=dataset%3Adefault%2Forders&depth=2`,
      `${BASE_URL}/lineage/usage?entityRef=dataset%3Adefault%2Forders&days=30`,
      `${BASE_URL}/consumption?entityRef=dataset%3Adefault%2Forders`,
    ]);
  });

  it("rejects with the backend's error", async () => {
    const { client } = setup(400, {
      error: {
        name: 'InputError',
        message: 'query.depth: must be a whole number from 1 to 5',
      },
      request: { method: 'GET', url: '/lineage/graph' },
      response: { statusCode: 400 },
    });
    const error = await client.getLineage('orders', 9).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe(
      'query.depth: must be a whole number from 1 to 5',
    );
  });
});
