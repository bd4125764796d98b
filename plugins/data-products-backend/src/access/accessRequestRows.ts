/*
 * Rows of the access-requests tables and their conversions (both databases'
 * timestamp shapes, the open slot, unique violations). Used by the store and
 * its transactions only.
 */
import type {
  AccessGrantProvisioning,
  AccessRequestEvent,
  AccessRequestEventType,
  AccessRequestStatus,
} from '@meshport/plugin-data-products-common';
import { OPEN_ACCESS_REQUEST_STATUSES } from '@meshport/plugin-data-products-common';
import { chunks as chunksOf } from '../lib/db';
import type {
  NewAccessRequestEvent,
  StoredAccessRequest,
} from './AccessRequestStore';

export { isUniqueViolation } from '../lib/db';

export const REQUESTS = 'access_requests';
export const GRANTS = 'access_grants';
export const EVENTS = 'access_request_events';

/** Rows per insert statement and ids per `in (...)`: well below SQLite's bound-variable limit. */
const CHUNK_SIZE = 500;

type DbDate = Date | string | number;

export interface RequestRow {
  id: string;
  consumer: string;
  consumer_owner: string | null;
  dataset: string;
  dataset_owner: string | null;
  environments: string;
  purpose: string;
  requested_duration: string | null;
  requester: string;
  status: string;
  decided_by: string | null;
  decision_note: string | null;
  decided_at: DbDate | null;
  valid_from: DbDate | null;
  valid_until: DbDate | null;
  grant_id: string | null;
  provisioning: string | null;
  renewal_of: string | null;
  renewed_by: string | null;
  open_slot: string | null;
  expiry_notified_at: DbDate | null;
  created_at: DbDate;
  updated_at: DbDate;
}

export interface EventRow {
  id: number | string;
  request_id: string;
  type: string;
  actor: string;
  at: DbDate;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

export interface GrantRow {
  id: string;
  consumer: string;
  dataset: string;
  environments: string;
  valid_until: DbDate | null;
}

/**
 * SQLite hands timestamps back as epoch milliseconds (knex binds a Date as
 * its number), PostgreSQL as Date objects.
 */
export function toIso(value: DbDate): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return new Date(value).toISOString();
  }
  if (/^\d+$/.test(value)) {
    return new Date(Number(value)).toISOString();
  }
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  return new Date(text).toISOString();
}

export function optionalIso(value: DbDate | null): string | undefined {
  return value === null || value === undefined ? undefined : toIso(value);
}

/** An ISO timestamp as the value to bind (a Date, so both databases store it alike). */
export function toDate(value: string | undefined | null): Date | null {
  return value ? new Date(value) : null;
}

export function rowToRequest(row: RequestRow): StoredAccessRequest {
  const optional = <K extends string, V>(key: K, value: V | null | undefined) =>
    value === null || value === undefined
      ? {}
      : ({ [key]: value } as { [P in K]: V });
  return {
    id: row.id,
    consumer: row.consumer,
    dataset: row.dataset,
    environments: JSON.parse(row.environments),
    purpose: row.purpose,
    ...optional('requestedDuration', row.requested_duration),
    requester: row.requester,
    status: row.status as AccessRequestStatus,
    ...optional('decidedBy', row.decided_by),
    ...optional('decisionNote', row.decision_note),
    ...optional('decidedAt', optionalIso(row.decided_at)),
    ...optional('validFrom', optionalIso(row.valid_from)),
    ...optional('validUntil', optionalIso(row.valid_until)),
    ...optional('grantId', row.grant_id),
    ...optional(
      'provisioning',
      row.provisioning as AccessGrantProvisioning | null,
    ),
    ...optional('renewalOf', row.renewal_of),
    ...optional('renewedBy', row.renewed_by),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    ...optional('consumerOwner', row.consumer_owner),
    ...optional('datasetOwner', row.dataset_owner),
    ...optional('expiryNotifiedAt', optionalIso(row.expiry_notified_at)),
  };
}

export function rowToEvent(row: EventRow): AccessRequestEvent {
  return {
    id: String(row.id),
    requestId: row.request_id,
    type: row.type as AccessRequestEventType,
    actor: row.actor,
    at: toIso(row.at),
    ...(row.from_status
      ? { fromStatus: row.from_status as AccessRequestStatus }
      : {}),
    ...(row.to_status
      ? { toStatus: row.to_status as AccessRequestStatus }
      : {}),
    ...(row.note ? { note: row.note } : {}),
  };
}

const isOpen = (status: AccessRequestStatus) =>
  OPEN_ACCESS_REQUEST_STATUSES.includes(status);

/** The open slot of a request in `status`: refuses a second open request for the pair. */
export function openSlot(
  request: Pick<StoredAccessRequest, 'consumer' | 'dataset' | 'renewalOf'>,
  status: AccessRequestStatus,
): string | null {
  if (!isOpen(status)) {
    return null;
  }
  const pair = `${request.consumer}|${request.dataset}`;
  // A pending renewal sits beside the active request it renews; once
  // approved it takes the pair's slot over (the renewed one closes first).
  return request.renewalOf && status === 'pending' ? `${pair}|renewal` : pair;
}

export function eventRow(requestId: string, event: NewAccessRequestEvent) {
  return {
    request_id: requestId,
    type: event.type,
    actor: event.actor,
    at: event.at,
    from_status: event.fromStatus ?? null,
    to_status: event.toStatus ?? null,
    note: event.note ?? null,
  };
}

export function chunks<T>(items: T[], size = CHUNK_SIZE): T[][] {
  return chunksOf(items, size);
}

/** The row of a new request. */
export function requestToRow(request: StoredAccessRequest, at: Date) {
  return {
    id: request.id,
    consumer: request.consumer,
    consumer_owner: request.consumerOwner ?? null,
    dataset: request.dataset,
    dataset_owner: request.datasetOwner ?? null,
    environments: JSON.stringify(request.environments),
    purpose: request.purpose,
    requested_duration: request.requestedDuration ?? null,
    requester: request.requester,
    status: request.status,
    decided_by: request.decidedBy ?? null,
    decision_note: request.decisionNote ?? null,
    decided_at: toDate(request.decidedAt),
    valid_from: toDate(request.validFrom),
    valid_until: toDate(request.validUntil),
    grant_id: request.grantId ?? null,
    provisioning: request.provisioning ?? null,
    renewal_of: request.renewalOf ?? null,
    renewed_by: null,
    open_slot: openSlot(request, request.status),
    expiry_notified_at: null,
    created_at: at,
    updated_at: at,
  };
}
