/*
 * The access-requests store: requests, grants and their append-only history
 * in the plugin's database (SQLite or PostgreSQL). A thin adapter: the rules
 * live in stateMachine.ts and AccessRequestsService.ts.
 *
 * Two guarantees hold at the database level, so several replicas on one
 * PostgreSQL behave as one:
 * - one open request per (consumer, dataset): the unique `open_slot` column;
 * - one decision per request: every change is a conditional UPDATE
 *   (`where status = <the status it was decided from>`) whose affected row
 *   count is checked, in one transaction with its event.
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  AccessGrantProvisioning,
  AccessRequest,
  AccessRequestEvent,
  AccessRequestEventType,
  AccessRequestStatus,
  ListAccessRequestsResponse,
} from '@meshport/plugin-data-products-common';
import { OPEN_ACCESS_REQUEST_STATUSES } from '@meshport/plugin-data-products-common';
import type { Grant } from '@meshport/plugin-data-products-node';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import type { GrantsSource } from '../provisioning/GrantsSource';

const REQUESTS = 'access_requests';
const GRANTS = 'access_grants';
const EVENTS = 'access_request_events';

/** Rows per insert statement and ids per `in (...)`: well below SQLite's bound-variable limit. */
const CHUNK_SIZE = 500;

type DbDate = Date | string | number;

/** Entity refs compare case-insensitively; rows keep them lowercase. */
export function normalizeRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

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

interface RequestRow {
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

interface EventRow {
  id: number | string;
  request_id: string;
  type: string;
  actor: string;
  at: DbDate;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

interface GrantRow {
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
function toIso(value: DbDate): string {
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

function optionalIso(value: DbDate | null): string | undefined {
  return value === null || value === undefined ? undefined : toIso(value);
}

/** An ISO timestamp as the value to bind (a Date, so both databases store it alike). */
function toDate(value: string | undefined | null): Date | null {
  return value ? new Date(value) : null;
}

function rowToRequest(row: RequestRow): StoredAccessRequest {
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

function rowToEvent(row: EventRow): AccessRequestEvent {
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
function openSlot(
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

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL unique_violation
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/i.test(e?.message ?? '')
  );
}

function eventRow(requestId: string, event: NewAccessRequestEvent) {
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

function chunks<T>(items: T[], size = CHUNK_SIZE): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

class Transaction implements AccessRequestStoreTransaction {
  constructor(private readonly tx: Knex.Transaction) {}

  async updateRequest(update: RequestUpdate): Promise<boolean> {
    const { request, to, changes = {}, event, at } = update;
    const set: Record<string, unknown> = {
      status: to,
      open_slot: openSlot(request, to),
      updated_at: at,
    };
    if (changes.decidedBy !== undefined) set.decided_by = changes.decidedBy;
    if (changes.decisionNote !== undefined) {
      set.decision_note = changes.decisionNote;
    }
    if (changes.decidedAt !== undefined) set.decided_at = changes.decidedAt;
    if (changes.validFrom !== undefined) {
      set.valid_from = toDate(changes.validFrom);
    }
    if (changes.validUntil !== undefined) {
      set.valid_until = toDate(changes.validUntil);
    }
    if (changes.grantId !== undefined) set.grant_id = changes.grantId;
    if (changes.provisioning !== undefined) {
      set.provisioning = changes.provisioning;
    }
    if (changes.renewedBy !== undefined) set.renewed_by = changes.renewedBy;
    if (changes.expiryNotifiedAt !== undefined) {
      set.expiry_notified_at = changes.expiryNotifiedAt;
    }

    const query = this.tx(REQUESTS)
      .where({ id: request.id, status: request.status })
      .update(set);
    // The state it was decided from, in full: status, provisioning, notice.
    if (request.provisioning) {
      query.andWhere('provisioning', request.provisioning);
    } else {
      query.whereNull('provisioning');
    }
    if (changes.expiryNotifiedAt !== undefined) {
      query.whereNull('expiry_notified_at');
    }
    let updated: number;
    try {
      updated = await query;
    } catch (error) {
      // A renewal taking the pair's slot while another request holds it.
      if (isUniqueViolation(error)) {
        throw new DuplicateOpenRequestError(
          `${request.consumer} already has an open request for ${request.dataset}`,
        );
      }
      throw error;
    }
    if (updated !== 1) {
      return false;
    }
    await this.tx(EVENTS).insert(
      eventRow(request.id, {
        ...event,
        fromStatus: request.status,
        toStatus: to,
      }),
    );
    return true;
  }

  async insertGrant(grant: NewGrant, at: Date): Promise<void> {
    await this.tx(GRANTS).insert({
      id: grant.id,
      request_id: grant.requestId,
      consumer: grant.consumer,
      dataset: grant.dataset,
      environments: JSON.stringify(grant.environments),
      valid_from: toDate(grant.validFrom),
      valid_until: toDate(grant.validUntil),
      status: 'active',
      created_at: at,
      updated_at: at,
    });
  }

  async extendGrant(options: {
    id: string;
    requestId: string;
    validUntil?: string;
    at: Date;
  }): Promise<void> {
    await this.tx(GRANTS)
      .where({ id: options.id, status: 'active' })
      .update({
        request_id: options.requestId,
        valid_until: toDate(options.validUntil),
        updated_at: options.at,
      });
  }

  async endGrant(options: {
    id: string;
    status: 'revoked' | 'expired';
    at: Date;
  }): Promise<void> {
    await this.tx(GRANTS).where({ id: options.id, status: 'active' }).update({
      status: options.status,
      ended_at: options.at,
      updated_at: options.at,
    });
  }
}

/**
 * On SQLite (the embedded default), switches the plugin's database file to
 * write-ahead logging with `synchronous = NORMAL`: readers no longer wait for
 * the writer, and a commit is an append instead of several full syncs (about
 * 17 ms each on a virtual disk, which would cap decisions near 30 a second).
 * A process crash loses nothing; a power loss may lose the last commits.
 * Production portals use PostgreSQL, where this does nothing.
 */
export async function useWriteAheadLogOnSqlite(knex: Knex): Promise<void> {
  const client = String(knex.client?.config?.client ?? '');
  if (!client.includes('sqlite')) {
    return;
  }
  await knex.raw('PRAGMA journal_mode = WAL');
  await knex.raw('PRAGMA synchronous = NORMAL');
}

export class DatabaseAccessRequestStore implements GrantsSource {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseAccessRequestStore> {
    const knex = await options.database.getClient();
    await useWriteAheadLogOnSqlite(knex);
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await applyDatabaseMigrations(knex);
    }
    return new DatabaseAccessRequestStore(knex);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Inserts a new request with its first event (and, when approved at once,
   * its grant). Throws DuplicateOpenRequestError when the pair already has
   * an open request (or a pending renewal).
   */
  async insertRequest(options: {
    request: StoredAccessRequest;
    event: Omit<NewAccessRequestEvent, 'fromStatus' | 'toStatus'>;
    grant?: NewGrant;
    /** Also recorded, in the same transaction (e.g. `renewal-requested` on the renewed request). */
    extraEvents?: Array<{ requestId: string; event: NewAccessRequestEvent }>;
  }): Promise<StoredAccessRequest> {
    const { request, event, grant } = options;
    const at = new Date(request.createdAt);
    try {
      await this.db.transaction(async tx => {
        await tx(REQUESTS).insert({
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
        });
        await tx(EVENTS).insert(
          eventRow(request.id, { ...event, toStatus: request.status }),
        );
        for (const extra of options.extraEvents ?? []) {
          await tx(EVENTS).insert(eventRow(extra.requestId, extra.event));
        }
        if (grant) {
          await new Transaction(tx).insertGrant(grant, at);
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DuplicateOpenRequestError(
          `${request.consumer} already has an open request for ${request.dataset}`,
        );
      }
      throw error;
    }
    return (await this.getRequest(request.id))!;
  }

  /** Runs `fn` in one database transaction; a thrown error rolls everything back. */
  async transaction<T>(
    fn: (tx: AccessRequestStoreTransaction) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(tx => fn(new Transaction(tx)));
  }

  async getRequest(id: string): Promise<StoredAccessRequest | undefined> {
    const row = await this.db<RequestRow>(REQUESTS).where({ id }).first();
    return row ? rowToRequest(row) : undefined;
  }

  /** The open request (not a pending renewal) of the pair, if any. */
  async findOpenRequest(
    consumer: string,
    dataset: string,
  ): Promise<StoredAccessRequest | undefined> {
    const row = await this.db<RequestRow>(REQUESTS)
      .where({
        open_slot: `${normalizeRef(consumer)}|${normalizeRef(dataset)}`,
      })
      .first();
    return row ? rowToRequest(row) : undefined;
  }

  /** The pending renewal of a request, if any. */
  async findPendingRenewal(
    requestId: string,
  ): Promise<StoredAccessRequest | undefined> {
    const row = await this.db<RequestRow>(REQUESTS)
      .where({ renewal_of: requestId, status: 'pending' })
      .first();
    return row ? rowToRequest(row) : undefined;
  }

  async listRequests(
    filter: ListRequestsFilter,
  ): Promise<ListAccessRequestsResponse & { items: StoredAccessRequest[] }> {
    const query = this.db<RequestRow>(REQUESTS);
    if (filter.dataset) query.where('dataset', normalizeRef(filter.dataset));
    if (filter.consumer) query.where('consumer', normalizeRef(filter.consumer));
    if (filter.requester) {
      query.where('requester', normalizeRef(filter.requester));
    }
    if (filter.statuses?.length) query.whereIn('status', filter.statuses);
    if (filter.awaiting) {
      query.where('status', 'pending');
      const { owners, caller } = filter.awaiting;
      if (owners !== 'all') {
        query.whereIn('dataset_owner', owners.map(normalizeRef));
      }
      query.whereNot('requester', normalizeRef(caller));
    }
    // The count and the page's ids come from the index (see the
    // migration); only the page's rows are read from the table. Both at
    // once: on PostgreSQL they run on two connections.
    const order = [
      { column: 'created_at', order: 'desc' as const },
      { column: 'id', order: 'desc' as const },
    ];
    const pageIds = query
      .clone()
      .select('id')
      .orderBy(order)
      .limit(filter.limit)
      .offset(filter.offset);
    const [[{ count }], rows] = await Promise.all([
      query.clone().count<Array<{ count: number | string }>>({ count: '*' }),
      this.db<RequestRow>(REQUESTS)
        .whereIn('id', pageIds)
        .orderBy(order) as Promise<RequestRow[]>,
    ]);
    return { items: rows.map(rowToRequest), totalCount: Number(count) };
  }

  async listEvents(requestId: string): Promise<AccessRequestEvent[]> {
    const rows: EventRow[] = await this.db<EventRow>(EVENTS)
      .where({ request_id: requestId })
      .orderBy('id', 'asc');
    return rows.map(rowToEvent);
  }

  /**
   * Records the dataset's current owner on all its requests, so "awaiting
   * my decision" follows ownership changes in the catalog.
   */
  async refreshDatasetOwner(dataset: string, owner: string): Promise<number> {
    return this.db(REQUESTS)
      .where('dataset', normalizeRef(dataset))
      .andWhere(q =>
        q
          .whereNot('dataset_owner', normalizeRef(owner))
          .orWhereNull('dataset_owner'),
      )
      .update({ dataset_owner: normalizeRef(owner) });
  }

  /** Requests in these statuses for any of these datasets. */
  async listForDatasets(
    datasets: string[],
    statuses: AccessRequestStatus[],
  ): Promise<StoredAccessRequest[]> {
    const refs = [...new Set(datasets.map(normalizeRef))];
    const result: StoredAccessRequest[] = [];
    for (const chunk of chunks(refs)) {
      const rows: RequestRow[] = await this.db<RequestRow>(REQUESTS)
        .whereIn('dataset', chunk)
        .whereIn('status', statuses)
        .orderBy([
          { column: 'created_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      result.push(...rows.map(rowToRequest));
    }
    return result;
  }

  async listForConsumer(
    consumer: string,
    statuses: AccessRequestStatus[],
  ): Promise<StoredAccessRequest[]> {
    const rows: RequestRow[] = await this.db<RequestRow>(REQUESTS)
      .where('consumer', normalizeRef(consumer))
      .whereIn('status', statuses)
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(rowToRequest);
  }

  /** Active requests whose window ended at `now`, oldest end first. */
  async listDueForExpiry(
    now: Date,
    limit: number,
  ): Promise<StoredAccessRequest[]> {
    const rows: RequestRow[] = await this.db<RequestRow>(REQUESTS)
      .whereIn('status', ['approved', 'granted'])
      .whereNotNull('valid_until')
      .where('valid_until', '<=', now)
      .orderBy('valid_until', 'asc')
      .limit(limit);
    return rows.map(rowToRequest);
  }

  /** Active requests ending by `until` whose consumers were not told yet. */
  async listDueForExpiryNotice(
    until: Date,
    limit: number,
  ): Promise<StoredAccessRequest[]> {
    const rows: RequestRow[] = await this.db<RequestRow>(REQUESTS)
      .whereIn('status', ['approved', 'granted'])
      .whereNotNull('valid_until')
      .where('valid_until', '<=', until)
      .whereNull('expiry_notified_at')
      .orderBy('valid_until', 'asc')
      .limit(limit);
    return rows.map(rowToRequest);
  }

  /** Active requests a finished run may move to granted (or from planned to applied). */
  async listAwaitingProvisioning(options: {
    includePlanned: boolean;
  }): Promise<StoredAccessRequest[]> {
    const rows: RequestRow[] = await this.db<RequestRow>(REQUESTS)
      .where('status', 'approved')
      .modify(q => {
        if (options.includePlanned) {
          q.orWhere(inner =>
            inner.where({ status: 'granted', provisioning: 'planned' }),
          );
        }
      });
    return rows.map(rowToRequest);
  }

  /** GrantsSource: the grants the reconciler provisions. */
  async listActiveGrants(now: Date): Promise<Grant[]> {
    const rows: GrantRow[] = await this.db<GrantRow>(GRANTS)
      .select('id', 'consumer', 'dataset', 'environments', 'valid_until')
      .where('status', 'active')
      .andWhere(q =>
        q.whereNull('valid_until').orWhere('valid_until', '>', now),
      )
      .orderBy('id', 'asc');
    return rows.map(row => ({
      id: row.id,
      consumer: row.consumer,
      dataset: row.dataset,
      environments: JSON.parse(row.environments),
      ...(row.valid_until ? { validUntil: toIso(row.valid_until) } : {}),
    }));
  }
}
