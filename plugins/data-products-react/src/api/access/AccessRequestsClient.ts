import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AccessRequest,
  AccessRequestHistoryResponse,
  CreateAccessRequestRequest,
  DecideAccessRequestRequest,
  ListAccessRequestsRequest,
  ListAccessRequestsResponse,
  MigrateAccessRequestRequest,
  MigrateAccessRequestResponse,
  RenewAccessRequestRequest,
} from '@meshport/plugin-data-products-common';
import type { AccessRequestsApi } from './AccessRequestsApi';

/** The plugin id the data-products backend is mounted under. */
const PLUGIN_ID = 'data-products';

/**
 * Options of {@link AccessRequestsClient}.
 *
 * @public
 */
export interface AccessRequestsClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * The {@link AccessRequestsApi} over HTTP, against the data-products backend.
 *
 * @public
 */
export class AccessRequestsClient implements AccessRequestsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: AccessRequestsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async createAccessRequest(
    request: CreateAccessRequestRequest,
  ): Promise<AccessRequest> {
    return this.post('/access/requests', request);
  }

  async listAccessRequests(
    request: ListAccessRequestsRequest,
  ): Promise<ListAccessRequestsResponse> {
    const query = new URLSearchParams();
    const { status, mine, awaitingMyDecision, ...rest } = request;
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) {
        query.set(key, String(value));
      }
    }
    // several statuses as repeated parameters: ?status=approved&status=granted
    for (const one of status === undefined ? [] : [status].flat()) {
      query.append('status', one);
    }
    if (mine) {
      query.set('mine', 'true');
    }
    if (awaitingMyDecision) {
      query.set('awaitingMyDecision', 'true');
    }
    const text = query.toString();
    return this.request(`/access/requests${text ? `?${text}` : ''}`);
  }

  async getAccessRequest(id: string): Promise<AccessRequest> {
    return this.request(requestPath(id));
  }

  async approveAccessRequest(
    id: string,
    request: DecideAccessRequestRequest = {},
  ): Promise<AccessRequest> {
    return this.post(`${requestPath(id)}/approve`, request);
  }

  async denyAccessRequest(
    id: string,
    request: DecideAccessRequestRequest = {},
  ): Promise<AccessRequest> {
    return this.post(`${requestPath(id)}/deny`, request);
  }

  async cancelAccessRequest(
    id: string,
    request: { note?: string } = {},
  ): Promise<AccessRequest> {
    return this.post(`${requestPath(id)}/cancel`, request);
  }

  async revokeAccessRequest(
    id: string,
    request: { note?: string } = {},
  ): Promise<AccessRequest> {
    return this.post(`${requestPath(id)}/revoke`, request);
  }

  async renewAccessRequest(
    id: string,
    request: RenewAccessRequestRequest = {},
  ): Promise<AccessRequest> {
    return this.post(`${requestPath(id)}/renew`, request);
  }

  /** "Migrate to v2": see {@link AccessRequestsApi.migrateAccessRequest}. */
  async migrateAccessRequest(
    id: string,
    request: MigrateAccessRequestRequest = {},
  ): Promise<MigrateAccessRequestResponse> {
    return this.post(`${requestPath(id)}/migrate`, request);
  }

  async getAccessRequestHistory(
    id: string,
  ): Promise<AccessRequestHistoryResponse> {
    return this.request(`${requestPath(id)}/history`);
  }

  private async post<T>(path: string, body: object): Promise<T> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(withoutEmptyNote(body)),
    });
  }

  /** Calls the backend; rejects with a ResponseError on any non-2xx answer. */
  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function requestPath(id: string): string {
  return `/access/requests/${encodeURIComponent(id)}`;
}

/** A blank note means no note: the server keeps no empty strings. */
function withoutEmptyNote(body: object): object {
  const { note, ...rest } = body as { note?: unknown };
  return typeof note === 'string' && note.trim() !== ''
    ? { ...rest, note: note.trim() }
    : rest;
}
