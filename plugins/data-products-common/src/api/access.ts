/*
 * The access-requests REST API of the data-products backend, shared by the
 * backend routes and the frontend client. Routes (under /api/data-products):
 *
 *   POST /access/requests                    CreateAccessRequestRequest   -> AccessRequest (201)
 *   GET  /access/requests?…                  ListAccessRequestsRequest    -> ListAccessRequestsResponse
 *   GET  /access/requests/:id                                             -> AccessRequest
 *   POST /access/requests/:id/approve        DecideAccessRequestRequest   -> AccessRequest
 *   POST /access/requests/:id/deny           DecideAccessRequestRequest   -> AccessRequest
 *   POST /access/requests/:id/cancel         { note? }                    -> AccessRequest
 *   POST /access/requests/:id/revoke         { note? }                    -> AccessRequest
 *   POST /access/requests/:id/renew          RenewAccessRequestRequest    -> AccessRequest (201, the renewal)
 *   GET  /access/requests/:id/history                                     -> AccessRequestHistoryResponse
 *   POST /access/requests/:id/migrate        MigrateAccessRequestRequest  -> MigrateAccessRequestResponse (201, 200 when already done)
 *
 * Errors use the Backstage error body: 400 InputError naming the field, 401,
 * 403 NotAllowedError, 404 NotFoundError, 409 ConflictError (a duplicate open
 * request, or a transition the current status forbids).
 */

/**
 * - pending: waiting for a dataset owner's decision;
 * - approved: approved (or approved at once for an unrestricted dataset), the
 *   consumer's roles are being provisioned;
 * - granted: the provisioner reported the grant applied (in `plan` mode:
 *   planned; see {@link AccessRequest.provisioning});
 * - denied: a dataset owner refused it;
 * - cancelled: the requester withdrew it before a decision;
 * - revoked: a dataset owner (or retirement) removed the grant;
 * - expired: its validity window ended (the scheduler).
 */
export const ACCESS_REQUEST_STATUSES = [
  'pending',
  'approved',
  'granted',
  'denied',
  'cancelled',
  'revoked',
  'expired',
] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** Statuses in which a request is "open": a second one for the same pair is refused (409). */
export const OPEN_ACCESS_REQUEST_STATUSES: readonly AccessRequestStatus[] = [
  'pending',
  'approved',
  'granted',
];

/** Statuses in which the consumer holds (or is being given) the access. */
export const ACTIVE_ACCESS_REQUEST_STATUSES: readonly AccessRequestStatus[] = [
  'approved',
  'granted',
];

/** How the grant of an approved request stands with the provisioner. */
export type AccessGrantProvisioning =
  /** approved, not yet covered by a finished provisioning run */
  | 'pending'
  /** a run in `plan` mode included it: "approved, planned" */
  | 'planned'
  /** a run in `apply` mode applied it */
  | 'applied';

export interface AccessRequest {
  id: string;
  /** Full entity ref of the consuming DataProduct. */
  consumer: string;
  /** Full entity ref of the Dataset. */
  dataset: string;
  /** Environment names the consumer's roles get the access in. */
  environments: string[];
  purpose: string;
  /** Requested duration (`90d`, `12h`); undefined for no end. */
  requestedDuration?: string;
  /** Full entity ref of the user who asked. */
  requester: string;
  status: AccessRequestStatus;
  /** Who approved/denied (a user ref, or `system` for an unrestricted dataset's automatic approval). */
  decidedBy?: string;
  decisionNote?: string;
  decidedAt?: string;
  /** The validity window of the grant, set on approval. */
  validFrom?: string;
  validUntil?: string;
  /** Id of the grant the provisioner receives, once approved. */
  grantId?: string;
  provisioning?: AccessGrantProvisioning;
  /** The request this one renews. */
  renewalOf?: string;
  /**
   * The approved renewal that took this request's grant over (this request
   * is then `expired`, with a `renewed` event).
   */
  renewedBy?: string;
  createdAt: string;
  updatedAt: string;
}

export interface CreateAccessRequestRequest {
  consumer: string;
  dataset: string;
  /** Defaults to every environment of the consuming product. */
  environments?: string[];
  purpose: string;
  /** e.g. `90d`; omit for no end. */
  duration?: string;
}

export interface ListAccessRequestsRequest {
  dataset?: string;
  consumer?: string;
  /** One status or several. */
  status?: AccessRequestStatus | AccessRequestStatus[];
  /** Only requests the caller made. */
  mine?: boolean;
  /** Only pending requests the caller may decide (owner of the dataset, not the requester). */
  awaitingMyDecision?: boolean;
  /** 1–100, default 20. */
  limit?: number;
  offset?: number;
}

export interface ListAccessRequestsResponse {
  items: AccessRequest[];
  totalCount: number;
}

export interface DecideAccessRequestRequest {
  note?: string;
}

export interface RenewAccessRequestRequest {
  duration?: string;
  note?: string;
}

/**
 * Accepting "migrate to v2": the consumer moves its access from a deprecated
 * dataset version to the version that replaces it.
 */
export interface MigrateAccessRequestRequest {
  /** The new version's Dataset ref; needed only when several replace it. */
  successor?: string;
}

/**
 * - moved: a grant on the new version in the same environments with the same
 *   end; the old grant ends on the old version's sunset;
 * - requested: the new version's access is tighter (or the old request was
 *   still pending): a request on it waits for its owners;
 * - already-migrated: an open request on the new version existed (nothing done).
 */
export type AccessMigrationOutcome = 'moved' | 'requested' | 'already-migrated';

/** What accepting "migrate to v2" did. */
export interface MigrateAccessRequestResponse {
  /** See {@link AccessMigrationOutcome}. */
  outcome: AccessMigrationOutcome;
  /** The consumer's request on the new version. */
  request: AccessRequest;
  /** The request on the old version, as it is now. */
  previous: AccessRequest;
}

export type AccessRequestEventType =
  | 'created'
  | 'approved'
  | 'auto-approved'
  | 'granted'
  | 'denied'
  | 'cancelled'
  | 'revoked'
  | 'expired'
  | 'renewal-requested'
  | 'renewed'
  | 'expiry-notified'
  | 'migrated';

/** One append-only entry of a request's history. */
export interface AccessRequestEvent {
  id: string;
  requestId: string;
  type: AccessRequestEventType;
  /** A user ref, or `system` (scheduler, automatic approval, provisioner). */
  actor: string;
  at: string;
  fromStatus?: AccessRequestStatus;
  toStatus?: AccessRequestStatus;
  note?: string;
}

export interface AccessRequestHistoryResponse {
  items: AccessRequestEvent[];
}
