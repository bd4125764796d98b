import { mockServices } from '@backstage/backend-test-utils';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRetirementStatesFetcher } from './retirement/retirementStates';
import { createLineageRelationsFetcher } from './lineage/lineageRelations';

/** A stand-in data-products backend on a free port: answers each path as told. */
async function backend(
  answers: Record<string, { status: number; body?: unknown }>,
) {
  const seen: Array<{ url?: string; authorization?: string }> = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    const answer = answers[req.url ?? ''] ?? { status: 404 };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/api/data-products`;
  const discovery = {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
  return {
    seen,
    baseUrl,
    options: { discovery, auth: mockServices.auth() },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('reading from the data-products backend', () => {
  it('reads the retirement states as the catalog service, with its token', async () => {
    const items = [
      {
        dataProduct: 'dataproduct:default/old',
        datasets: ['dataset:default/old-orders'],
        state: 'retiring',
        sunset: '2027-01-01T00:00:00.000Z',
      },
    ];
    const server = await backend({
      '/api/data-products/retirement/states': { status: 200, body: { items } },
    });
    try {
      await expect(
        createRetirementStatesFetcher(server.options)(),
      ).resolves.toEqual({ items });
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0].authorization).toMatch(/^Bearer .+/);
    } finally {
      await server.close();
    }
  });

  it('reads no lineage relations when the backend has no lineage (404)', async () => {
    const server = await backend({});
    try {
      await expect(
        createLineageRelationsFetcher(server.options)(),
      ).resolves.toEqual({ items: [] });
      expect(server.seen.map(request => request.url)).toEqual([
        '/api/data-products/lineage/relations',
      ]);
    } finally {
      await server.close();
    }
  });

  it('fails naming the URL and the status on any other error', async () => {
    const server = await backend({
      '/api/data-products/lineage/relations': { status: 503 },
    });
    try {
      await expect(
        createLineageRelationsFetcher(server.options)(),
      ).rejects.toThrow(
        `GET ${server.baseUrl}/lineage/relations answered 503 Service Unavailable`,
      );
    } finally {
      await server.close();
    }
  });
});
