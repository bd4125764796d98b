import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { isNotAllowedError } from '../errors';
import { AccessRequestsClient } from './AccessRequestsClient';

const BASE_URL = 'http://localhost:7007/api/data-products';
const ID = '0c9f2a4e-5b1d-4f3a-9e8c-7d6b5a4c3b2a';

const pending: AccessRequest = {
  id: ID,
  consumer: 'dataproduct:default/sales-forecast',
  dataset: 'dataset:default/carrier-performance',
  environments: ['dev'],
  purpose: 'Delivery delays as a forecast driver',
  requestedDuration: '90d',
  requester: 'user:default/guest',
  status: 'pending',
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
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
    request: { method: 'POST', url: '/' },
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
  const client = new AccessRequestsClient({ discoveryApi, fetchApi });
  return { client, fetch, discoveryApi };
}

function postedBody(fetch: jest.Mock): unknown {
  const init = fetch.mock.calls[0][1] as RequestInit;
  expect(init.method).toBe('POST');
  expect(init.headers).toEqual({ 'Content-Type': 'application/json' });
  return JSON.parse(init.body as string);
}

describe('AccessRequestsClient', () => {
  it('creates a request with a JSON POST to the data-products backend', async () => {
    const { client, fetch, discoveryApi } = setup(jsonResponse(201, pending));
    const body = {
      consumer: pending.consumer,
      dataset: pending.dataset,
      environments: ['dev'],
      purpose: pending.purpose,
      duration: '90d',
    };

    await expect(client.createAccessRequest(body)).resolves.toEqual(pending);

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('data-products');
    expect(fetch.mock.calls[0][0]).toBe(`${BASE_URL}/access/requests`);
    expect(postedBody(fetch)).toEqual(body);
  });

  it('lists with only the filters given, several statuses as repeated parameters', async () => {
    const page = { items: [pending], totalCount: 1 };
    const { client, fetch } = setup(jsonResponse(200, page));

    await expect(
      client.listAccessRequests({
        dataset: pending.dataset,
        status: ['approved', 'granted'],
        limit: 10,
        offset: 20,
      }),
    ).resolves.toEqual(page);

    const url = new URL(fetch.mock.calls[0][0] as string);
    expect(url.pathname).toBe('/api/data-products/access/requests');
    expect(url.searchParams.getAll('status')).toEqual(['approved', 'granted']);
    expect(url.searchParams.get('dataset')).toBe(pending.dataset);
    expect(url.searchParams.get('limit')).toBe('10');
    expect(url.searchParams.get('offset')).toBe('20');
    expect([...url.searchParams.keys()].sort()).toEqual([
      'dataset',
      'limit',
      'offset',
      'status',
      'status',
    ]);
  });

  it('sends the boolean filters only when they are set', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { items: [], totalCount: 0 }),
    );

    await client.listAccessRequests({
      awaitingMyDecision: true,
      mine: false,
      status: 'pending',
    });

    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/access/requests?status=pending&awaitingMyDecision=true`,
    );
  });

  it('lists everything visible without a query string when no filter is given', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { items: [], totalCount: 0 }),
    );

    await client.listAccessRequests({});

    expect(fetch.mock.calls[0][0]).toBe(`${BASE_URL}/access/requests`);
  });

  it('reads one request and its history', async () => {
    const { client, fetch } = setup(jsonResponse(200, pending));
    await expect(client.getAccessRequest(ID)).resolves.toEqual(pending);
    expect(fetch.mock.calls[0][0]).toBe(`${BASE_URL}/access/requests/${ID}`);

    const history = {
      items: [
        {
          id: '1',
          requestId: ID,
          type: 'created',
          actor: 'user:default/guest',
          at: pending.createdAt,
          toStatus: 'pending',
        },
      ],
    };
    const second = setup(jsonResponse(200, history));
    await expect(second.client.getAccessRequestHistory(ID)).resolves.toEqual(
      history,
    );
    expect(second.fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/access/requests/${ID}/history`,
    );
  });

  it.each([
    ['approveAccessRequest', 'approve'],
    ['denyAccessRequest', 'deny'],
    ['cancelAccessRequest', 'cancel'],
    ['revokeAccessRequest', 'revoke'],
  ] as const)('%s posts the note to /%s', async (method, action) => {
    const { client, fetch } = setup(jsonResponse(200, pending));

    await client[method](ID, { note: '  Fine for the forecast  ' });

    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/access/requests/${ID}/${action}`,
    );
    expect(postedBody(fetch)).toEqual({ note: 'Fine for the forecast' });
  });

  it('leaves a blank note out of the body', async () => {
    const { client, fetch } = setup(jsonResponse(200, pending));

    await client.approveAccessRequest(ID, { note: '   ' });

    expect(postedBody(fetch)).toEqual({});
  });

  it('renews with the new duration and resolves to the renewal', async () => {
    const renewal = { ...pending, id: 'renewal', renewalOf: ID };
    const { client, fetch } = setup(jsonResponse(201, renewal));

    await expect(
      client.renewAccessRequest(ID, { duration: '180d' }),
    ).resolves.toEqual(renewal);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/access/requests/${ID}/renew`,
    );
    expect(postedBody(fetch)).toEqual({ duration: '180d' });
  });

  it('accepts a migration to the named new version and resolves to what was done', async () => {
    const moved = {
      outcome: 'moved',
      request: {
        ...pending,
        id: 'moved',
        dataset: 'dataset:default/orders-v2',
      },
      previous: pending,
    };
    const { client, fetch } = setup(jsonResponse(201, moved));

    await expect(
      client.migrateAccessRequest(ID, {
        successor: 'dataset:default/orders-v2',
      }),
    ).resolves.toEqual(moved);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/access/requests/${ID}/migrate`,
    );
    expect(postedBody(fetch)).toEqual({
      successor: 'dataset:default/orders-v2',
    });
  });

  it('escapes the id in the path', async () => {
    const { client, fetch } = setup(jsonResponse(200, pending));

    await client.getAccessRequest('a/b?c');

    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE_URL}/access/requests/a%2Fb%3Fc`,
    );
  });

  it('turns a 403 into a ResponseError recognised as not allowed', async () => {
    const { client } = setup(
      backstageError(
        'NotAllowedError',
        'You may not decide your own access request',
        403,
      ),
    );

    const error = await client.approveAccessRequest(ID).catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe(
      'You may not decide your own access request',
    );
    expect(isNotAllowedError(error)).toBe(true);
  });

  it('keeps the server message of a conflict', async () => {
    const { client } = setup(
      backstageError(
        'ConflictError',
        'The request is denied; only a pending request can be approved',
        409,
      ),
    );

    const error = await client.approveAccessRequest(ID).catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toMatch(/only a pending request/);
    expect(isNotAllowedError(error)).toBe(false);
  });
});
