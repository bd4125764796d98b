/*
 * What the access-requests service, routes and jobs need from storage: the
 * requests, their grants and their append-only history. The rules live in
 * stateMachine.ts and the service; `DatabaseAccessRequestStore` is the
 * SQLite/PostgreSQL implementation.
 */
import type {
  AccessGrantProvisioning,
  AccessRequest,
  AccessRequestEvent,
  AccessRequestEventType,
  AccessRequestStatus,
  ListAccessRequestsResponse,
} from '@meshport/plugin-data-products-common';
import type { GrantsSource } from '../provisioning/GrantsSource';
import { normalizeEntityRef } from '../lib/entityRefs';

/** Entity refs compare case-insensitively; rows keep them lowercase (the plugin's one normalisation). */
export const normalizeRef = normalizeEntityRef;

/** A request as stored: the API shape plus what the backend keeps for itself. */
export interface StoredAccessRequest extends AccessRequest {
  /** Owner ref of the consuming product (lowercase). */
  consumerOwner?: string;
  /** Owner ref of the dataset (lowercase), refreshed from the catalog. */
  datasetOwner?: string;
  expiryNotifiedAt?: string;
}

export interface NewAccessRequestEvent {
  type: AccessRequestEventType;
  actor: string;
  at: Date;
  fromStatus?: AccessRequestStatus;
  toStatus?: AccessRequestStatus;
  note?: string;
}

export interface NewGrant {
  id: string;
  requestId: string;
  consumer: string;
  dataset: string;
  environments: string[];
  validFrom: string;
  validUntil?: string;
}

/** The fields a transition may set on a request. */
export interface RequestChanges {
  decidedBy?: string;
  decisionNote?: string | null;
  decidedAt?: Date;
  validFrom?: string;
  validUntil?: string | null;
  grantId?: string;
  provisioning?: AccessGrantProvisioning | null;
  renewedBy?: string;
  expiryNotifiedAt?: Date;
}

export interface RequestUpdate {
  /** The request as read; the update applies only while its status (and provisioning) still is this. */
  request: StoredAccessRequest;
  to: AccessRequestStatus;
  changes?: RequestChanges;
  event: Omit<NewAccessRequestEvent, 'fromStatus' | 'toStatus'>;
  at: Date;
}

/** Operations inside one transaction. */
export interface AccessRequestStoreTransaction {
  /** See AccessRequestStore.insertRequest. */
  insertRequest(options: InsertRequestOptions): Promise<void>;
  /**
   * Applies the change if the request is still as read; records the event.
   * Returns false (and writes nothing) when another change came first.
   */
  updateRequest(update: RequestUpdate): Promise<boolean>;
  insertGrant(grant: NewGrant, at: Date): Promise<void>;
  /** Moves a grant to another request (a renewal) with a new window. */
  extendGrant(options: {
    id: string;
    requestId: string;
    validUntil?: string;
    at: Date;
  }): Promise<void>;
  /** Ends an active grant; a grant already ended is left as it is. */
  endGrant(options: {
    id: string;
    status: 'revoked' | 'expired';
    at: Date;
  }): Promise<void>;
}

export interface ListRequestsFilter {
  dataset?: string;
  consumer?: string;
  statuses?: AccessRequestStatus[];
  requester?: string;
  /** Pending requests the caller may decide: datasets owned by one of `owners` (or any, for admins), not asked by `caller`. */
  awaiting?: { owners: string[] | 'all'; caller: string };
  limit: number;
  offset: number;
}

/** A second open request for the pair (the unique open slot refused it). */
export class DuplicateOpenRequestError extends Error {
  name = 'DuplicateOpenRequestError';
}

/** The API shape: what the backend keeps for itself is left out. */
export function toApiRequest(request: StoredAccessRequest): AccessRequest {
  const {
    consumerOwner: _consumerOwner,
    datasetOwner: _datasetOwner,
    expiryNotifiedAt: _expiryNotifiedAt,
    ...rest
  } = request;
  return rest;
}

export interface InsertRequestOptions {
  request: StoredAccessRequest;
  event: Omit<NewAccessRequestEvent, 'fromStatus' | 'toStatus'>;
  grant?: NewGrant;
  /** Also recorded, in the same transaction (e.g. `renewal-requested` on the renewed request). */
  extraEvents?: Array<{ requestId: string; event: NewAccessRequestEvent }>;
}

/** The store of access requests (also the reconciler's source of grants). */
export interface AccessRequestStore extends GrantsSource {
  /**
   * Inserts a new request with its first event (and, when approved at once,
   * its grant). Throws DuplicateOpenRequestError when the pair already has
   * an open request (or a pending renewal).
   */
  insertRequest(options: InsertRequestOptions): Promise<StoredAccessRequest>;
  /** Runs `fn` in one database transaction; a thrown error rolls everything back. */
  transaction<T>(
    fn: (tx: AccessRequestStoreTransaction) => Promise<T>,
  ): Promise<T>;
  getRequest(id: string): Promise<StoredAccessRequest | undefined>;
  /** The open request (not a pending renewal) of the pair, if any. */
  findOpenRequest(
    consumer: string,
    dataset: string,
  ): Promise<StoredAccessRequest | undefined>;
  /** The pending renewal of a request, if any. */
  findPendingRenewal(
    requestId: string,
  ): Promise<StoredAccessRequest | undefined>;
  listRequests(
    filter: ListRequestsFilter,
  ): Promise<ListAccessRequestsResponse & { items: StoredAccessRequest[] }>;
  listEvents(requestId: string): Promise<AccessRequestEvent[]>;
  /**
   * Records the dataset's current owner on all its requests, so "awaiting
   * my decision" follows ownership changes in the catalog.
   */
  refreshDatasetOwner(dataset: string, owner: string): Promise<number>;
  /** Requests in these statuses for any of these datasets. */
  listForDatasets(
    datasets: string[],
    statuses: AccessRequestStatus[],
  ): Promise<StoredAccessRequest[]>;
  listForConsumer(
    consumer: string,
    statuses: AccessRequestStatus[],
  ): Promise<StoredAccessRequest[]>;
  /** Active requests whose window ended at `now`, oldest end first. */
  listDueForExpiry(now: Date, limit: number): Promise<StoredAccessRequest[]>;
  /** Active requests ending by `until` whose consumers were not told yet. */
  listDueForExpiryNotice(
    until: Date,
    limit: number,
  ): Promise<StoredAccessRequest[]>;
  /** Active requests a finished run may move to granted (or from planned to applied). */
  listAwaitingProvisioning(options: {
    includePlanned: boolean;
  }): Promise<StoredAccessRequest[]>;
}
