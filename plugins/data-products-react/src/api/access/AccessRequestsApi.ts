import { createApiRef } from '@backstage/core-plugin-api';
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

/**
 * The access requests of the Meshport data-products backend, as the frontend
 * sees them (`/api/data-products/access/requests`): a consuming data product
 * asks for access to a dataset, its owners decide, the provisioner grants.
 *
 * Every method rejects with a `ResponseError` from `@backstage/errors` when
 * the backend answers with an error status (400 naming the field, 403, 404,
 * 409 for a transition the request's status forbids); the server decides
 * every permission, whatever the UI shows.
 *
 * @public
 */
export interface AccessRequestsApi {
  /** Asks for access; a request to an unrestricted dataset comes back approved. */
  createAccessRequest(
    request: CreateAccessRequestRequest,
  ): Promise<AccessRequest>;

  /** A page of requests matching the filters, newest first. */
  listAccessRequests(
    request: ListAccessRequestsRequest,
  ): Promise<ListAccessRequestsResponse>;

  getAccessRequest(id: string): Promise<AccessRequest>;

  /** A dataset owner approves a pending request. */
  approveAccessRequest(
    id: string,
    request?: DecideAccessRequestRequest,
  ): Promise<AccessRequest>;

  /** A dataset owner denies a pending request. */
  denyAccessRequest(
    id: string,
    request?: DecideAccessRequestRequest,
  ): Promise<AccessRequest>;

  /** The requester withdraws a pending request. */
  cancelAccessRequest(
    id: string,
    request?: { note?: string },
  ): Promise<AccessRequest>;

  /** A dataset owner removes an approved or granted access. */
  revokeAccessRequest(
    id: string,
    request?: { note?: string },
  ): Promise<AccessRequest>;

  /** Asks to extend an access; resolves to the new request (the renewal). */
  renewAccessRequest(
    id: string,
    request?: RenewAccessRequestRequest,
  ): Promise<AccessRequest>;

  /**
   * "Migrate to v2": moves the consumer's access to the version replacing
   * the request's dataset (or asks its owners when access tightened).
   */
  migrateAccessRequest(
    id: string,
    request?: MigrateAccessRequestRequest,
  ): Promise<MigrateAccessRequestResponse>;

  /** Every change of a request, oldest first. */
  getAccessRequestHistory(id: string): Promise<AccessRequestHistoryResponse>;
}

/**
 * The reference to the {@link AccessRequestsApi}.
 *
 * @public
 */
export const accessRequestsApiRef = createApiRef<AccessRequestsApi>({
  id: 'plugin.data-products.access-requests',
});
