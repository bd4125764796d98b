/*
 * The access-requests REST API of the data-products backend (routes under
 * /api/data-products/access/requests). The types are the models generated
 * from the backend's OpenAPI document, which describes each route.
 */
import type { AccessRequestStatus } from '../schema/openapi/generated/models';
import { valuesOf } from './rest';

export type {
  AccessGrantProvisioning,
  AccessMigrationOutcome,
  AccessRequest,
  AccessRequestEvent,
  AccessRequestEventType,
  AccessRequestHistoryResponse,
  AccessRequestStatus,
  CreateAccessRequestRequest,
  DecideAccessRequestRequest,
  ListAccessRequestsResponse,
  MigrateAccessRequestRequest,
  MigrateAccessRequestResponse,
  RenewAccessRequestRequest,
} from '../schema/openapi/generated/models';

/**
 * - pending: waiting for a dataset owner's decision;
 * - approved: approved (or approved at once for an unrestricted dataset), the
 *   consumer's roles are being provisioned;
 * - granted: the provisioner reported the grant applied (in `plan` mode:
 *   planned; see `AccessRequest.provisioning`);
 * - denied: a dataset owner refused it;
 * - cancelled: the requester withdrew it before a decision;
 * - revoked: a dataset owner (or retirement) removed the grant;
 * - expired: its validity window ended (the scheduler).
 */
export const ACCESS_REQUEST_STATUSES = valuesOf<AccessRequestStatus>()([
  'pending',
  'approved',
  'granted',
  'denied',
  'cancelled',
  'revoked',
  'expired',
]);

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

/**
 * The filters of `GET /access/requests` as the clients take them (typed
 * values; the query string carries them as text).
 */
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
