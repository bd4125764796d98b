import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  DataProductsRestClient,
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
import { createRestClient, unwrap } from '../restClient';
import type { AccessRequestsApi } from './AccessRequestsApi';

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
  private readonly client: DataProductsRestClient;

  constructor(options: AccessRequestsClientOptions) {
    this.client = createRestClient(options);
  }

  async createAccessRequest(
    request: CreateAccessRequestRequest,
  ): Promise<AccessRequest> {
    return unwrap(
      this.client.createAccessRequest({ body: withoutEmptyNote(request) }),
    );
  }

  async listAccessRequests(
    request: ListAccessRequestsRequest,
  ): Promise<ListAccessRequestsResponse> {
    const { status, mine, awaitingMyDecision, limit, offset, ...refs } =
      request;
    return unwrap(
      this.client.listAccessRequests({
        query: {
          ...refs,
          // several statuses as repeated parameters: ?status=approved&status=granted
          status: status === undefined ? undefined : [status].flat(),
          mine: mine ? 'true' : undefined,
          awaitingMyDecision: awaitingMyDecision ? 'true' : undefined,
          limit: limit === undefined ? undefined : String(limit),
          offset: offset === undefined ? undefined : String(offset),
        },
      }),
    );
  }

  async getAccessRequest(id: string): Promise<AccessRequest> {
    return unwrap(this.client.getAccessRequest({ path: { id } }));
  }

  async approveAccessRequest(
    id: string,
    request: DecideAccessRequestRequest = {},
  ): Promise<AccessRequest> {
    return unwrap(
      this.client.approveAccessRequest({
        path: { id },
        body: withoutEmptyNote(request),
      }),
    );
  }

  async denyAccessRequest(
    id: string,
    request: DecideAccessRequestRequest = {},
  ): Promise<AccessRequest> {
    return unwrap(
      this.client.denyAccessRequest({
        path: { id },
        body: withoutEmptyNote(request),
      }),
    );
  }

  async cancelAccessRequest(
    id: string,
    request: { note?: string } = {},
  ): Promise<AccessRequest> {
    return unwrap(
      this.client.cancelAccessRequest({
        path: { id },
        body: withoutEmptyNote(request),
      }),
    );
  }

  async revokeAccessRequest(
    id: string,
    request: { note?: string } = {},
  ): Promise<AccessRequest> {
    return unwrap(
      this.client.revokeAccessRequest({
        path: { id },
        body: withoutEmptyNote(request),
      }),
    );
  }

  async renewAccessRequest(
    id: string,
    request: RenewAccessRequestRequest = {},
  ): Promise<AccessRequest> {
    return unwrap(
      this.client.renewAccessRequest({
        path: { id },
        body: withoutEmptyNote(request),
      }),
    );
  }

  /** "Migrate to v2": see {@link AccessRequestsApi.migrateAccessRequest}. */
  async migrateAccessRequest(
    id: string,
    request: MigrateAccessRequestRequest = {},
  ): Promise<MigrateAccessRequestResponse> {
    return unwrap(
      this.client.migrateAccessRequest({ path: { id }, body: request }),
    );
  }

  async getAccessRequestHistory(
    id: string,
  ): Promise<AccessRequestHistoryResponse> {
    return unwrap(this.client.getAccessRequestHistory({ path: { id } }));
  }
}

/** A blank note means no note: the server keeps no empty strings. */
function withoutEmptyNote<T extends object>(body: T): T {
  const { note, ...rest } = body as T & { note?: unknown };
  return typeof note === 'string' && note.trim() !== ''
    ? ({ ...rest, note: note.trim() } as T)
    : (rest as T);
}
