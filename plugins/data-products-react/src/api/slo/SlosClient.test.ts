import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  DatasetSloReport,
  SloSummaryResponse,
} from '@meshport/plugin-data-products-common';
import { isNotAllowedError } from '../errors';
import { SlosClient } from './SlosClient';

const BASE_URL = 'http://localhost:7007/api/data-products';

const report: DatasetSloReport = {
  dataset: 'dataset:default/orders',
  dataProduct: 'dataproduct:default/sales-orders',
  evaluatedAt: '2026-11-21T10:00:00.000Z',
  monitoring: true,
  sampleData: false,
  slos: [],
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
  const client = new SlosClient({ discoveryApi, fetchApi });
  return { client, fetch, discoveryApi };
}

describe('SlosClient', () => {
  describe('getDatasetSloReport', () => {
    it('asks the data-products backend for the report of one dataset', async () => {
      const { client, fetch, discoveryApi } = setup(jsonResponse(200, report));

      await expect(
        client.getDatasetSloReport('dataset:default/orders'),
      ).resolves.toEqual(report);

      expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('data-products');
      expect(fetch).toHaveBeenCalledWith(
        `${BASE_URL}/slo/datasets/default/orders`,
        undefined,
      );
    });

    it.each([
      ['orders', '/slo/datasets/default/orders'],
      ['finance/revenue-daily', '/slo/datasets/finance/revenue-daily'],
      ['Dataset:finance/revenue-daily', '/slo/datasets/finance/revenue-daily'],
    ])('accepts the short ref %s', async (ref, path) => {
      const { client, fetch } = setup(jsonResponse(200, report));

      await client.getDatasetSloReport(ref);

      expect(fetch.mock.calls[0][0]).toBe(`${BASE_URL}${path}`);
    });

    it('refuses a ref of another kind without calling the backend', async () => {
      const { client, fetch } = setup(jsonResponse(200, report));

      await expect(
        client.getDatasetSloReport('dataproduct:default/sales-orders'),
      ).rejects.toThrow(/Expected a Dataset entity ref/);
      expect(fetch).not.toHaveBeenCalled();
    });

    it('turns a 404 into a ResponseError with the server message', async () => {
      const { client } = setup(
        backstageError(
          'NotFoundError',
          'No Dataset dataset:default/nope in the catalog',
          404,
        ),
      );

      const error = await client.getDatasetSloReport('nope').catch(e => e);

      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(404);
      expect(error.cause.message).toMatch(/No Dataset dataset:default\/nope/);
    });
  });

  describe('getSloSummary', () => {
    it('passes the product ref as an encoded query parameter', async () => {
      const summary: SloSummaryResponse = {
        dataProduct: 'dataproduct:default/sales-orders',
        evaluatedAt: '2026-11-21T10:00:00.000Z',
        sampleData: true,
        datasets: [],
      };
      const { client, fetch } = setup(jsonResponse(200, summary));

      await expect(
        client.getSloSummary('dataproduct:default/sales-orders'),
      ).resolves.toEqual(summary);

      expect(fetch.mock.calls[0][0]).toBe(
        `${BASE_URL}/slo/summary?dataProduct=dataproduct%3Adefault%2Fsales-orders`,
      );
    });
  });

  describe('getSloStatuses', () => {
    const statuses = {
      evaluatedAt: '2026-11-21T10:00:00.000Z',
      items: [{ entityRef: 'dataset:default/orders', status: 'breached' }],
    };

    it('asks for every status when given no filter', async () => {
      const { client, fetch } = setup(jsonResponse(200, statuses));

      await expect(client.getSloStatuses()).resolves.toEqual(statuses);

      expect(fetch.mock.calls[0][0]).toBe(`${BASE_URL}/slo/statuses`);
    });

    it('repeats the status and entityRef parameters', async () => {
      const { client, fetch } = setup(jsonResponse(200, statuses));

      await client.getSloStatuses({
        status: ['breached', 'at-risk'],
        entityRefs: ['dataset:default/orders', 'dataproduct:default/sales'],
      });

      const url = new URL(String(fetch.mock.calls[0][0]));
      expect(url.pathname).toBe('/api/data-products/slo/statuses');
      expect(url.searchParams.getAll('status')).toEqual([
        'breached',
        'at-risk',
      ]);
      expect(url.searchParams.getAll('entityRef')).toEqual([
        'dataset:default/orders',
        'dataproduct:default/sales',
      ]);
    });
  });

  describe('createSloMeasurements', () => {
    it('posts the batch as JSON and returns the counts', async () => {
      const { client, fetch } = setup(
        jsonResponse(202, { accepted: 1, duplicates: 1 }),
      );
      const measurements = [
        {
          dataset: 'orders',
          kind: 'update' as const,
          at: '2026-11-21T09:00:00Z',
          rowCount: 1200,
        },
        {
          dataset: 'orders',
          kind: 'availability' as const,
          at: '2026-11-21T09:00:00Z',
          available: true,
        },
      ];

      await expect(
        client.createSloMeasurements({ measurements }),
      ).resolves.toEqual({ accepted: 1, duplicates: 1 });

      const [url, init] = fetch.mock.calls[0];
      expect(url).toBe(`${BASE_URL}/slo/measurements`);
      expect(init?.method).toBe('POST');
      expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
      expect(JSON.parse(init?.body as string)).toEqual({ measurements });
    });

    it('keeps the field the server names in a 400', async () => {
      const { client } = setup(
        backstageError(
          'InputError',
          'measurements[0].rowCount: must be a non-negative integer',
          400,
        ),
      );

      const error = await client
        .createSloMeasurements({
          measurements: [
            { dataset: 'orders', kind: 'update', at: 'x', rowCount: -1 },
          ],
        })
        .catch(e => e);

      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(400);
      expect(error.cause.message).toBe(
        'measurements[0].rowCount: must be a non-negative integer',
      );
    });

    it('reports a 403 as not allowed', async () => {
      const { client } = setup(
        backstageError(
          'NotAllowedError',
          'You may not record measurements of dataset:default/orders',
          403,
        ),
      );

      const error = await client
        .createSloMeasurements({ measurements: [] })
        .catch(e => e);

      expect(isNotAllowedError(error)).toBe(true);
    });
  });

  it('reports a non-JSON error answer with its status', async () => {
    const { client } = setup(
      new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway' }),
    );

    await expect(client.getSloSummary('sales-orders')).rejects.toMatchObject({
      statusCode: 502,
      message: expect.stringMatching(/502/),
    });
  });
});
