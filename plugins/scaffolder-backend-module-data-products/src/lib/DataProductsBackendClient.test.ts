import { mockServices } from '@backstage/backend-test-utils';
import { DataProductsBackendClient } from './DataProductsBackendClient';

const BASE = 'http://backend/api/data-products';

function client(answer: Response) {
  const fetch = jest.fn(async (_input: unknown, _init?: RequestInit) => answer);
  return {
    fetch,
    api: new DataProductsBackendClient({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => BASE,
        getExternalBaseUrl: async () => BASE,
      },
      fetch: fetch as unknown as typeof globalThis.fetch,
    }),
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('DataProductsBackendClient', () => {
  it('previews draft entities with its service token', async () => {
    const plan = { entityRef: 'dataproduct:default/x', mode: 'plan' };
    const { api, fetch } = client(json(plan));
    const entity = { apiVersion: 'v1', kind: 'DataProduct', metadata: {} };
    await expect(api.preview([entity])).resolves.toEqual(plan);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE}/provisioning/preview`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ entities: [entity] });
    expect((init?.headers as Record<string, string>).Authorization).toMatch(
      /^Bearer .+/,
    );
  });

  it('queues a run for one product and answers the run', async () => {
    const run = { id: 'r1', status: 'queued' };
    const { api, fetch } = client(json({ run }, 202));
    await expect(api.triggerRun('dataproduct:default/x')).resolves.toEqual(run);
    expect(fetch.mock.calls[0][0]).toBe(`${BASE}/provisioning/runs`);
    expect(JSON.parse(String(fetch.mock.calls[0][1]?.body))).toEqual({
      entityRef: 'dataproduct:default/x',
    });
  });

  it("reads a run, and rejects with the backend's error", async () => {
    const { api, fetch } = client(
      json({ error: { name: 'NotFoundError', message: 'No run r2' } }, 404),
    );
    await expect(api.getRun('r2')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
    expect(fetch.mock.calls[0][0]).toBe(`${BASE}/provisioning/runs/r2`);
  });
});
