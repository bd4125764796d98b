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
  AccessRequestEvent,
  AccessRequestStatus,
  ListAccessRequestsResponse,
} from '@meshport/plugin-data-products-common';
import type { Grant } from '@meshport/plugin-data-products-node';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import {
  AccessRequestStore,
  AccessRequestStoreTransaction,
  InsertRequestOptions,
  ListRequestsFilter,
  normalizeRef,
  StoredAccessRequest,
} from './AccessRequestStore';
import {
  chunks,
  EventRow,
  EVENTS,
  GrantRow,
  GRANTS,
  RequestRow,
  REQUESTS,
  rowToEvent,
  rowToRequest,
  toIso,
} from './accessRequestRows';
import { DatabaseAccessRequestTransaction } from './DatabaseAccessRequestTransaction';

// The store's types, where its users have always found them.
export {
  DuplicateOpenRequestError,
  normalizeRef,
  toApiRequest,
} from './AccessRequestStore';
export type {
  AccessRequestStoreTransaction,
  ListRequestsFilter,
  NewAccessRequestEvent,
  NewGrant,
  RequestChanges,
  RequestUpdate,
  StoredAccessRequest,
} from './AccessRequestStore';

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

export class DatabaseAccessRequestStore implements AccessRequestStore {
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

  // What each method does is said on AccessRequestStore.

  async insertRequest(
    options: InsertRequestOptions,
  ): Promise<StoredAccessRequest> {
    await this.transaction(tx => tx.insertRequest(options));
    return (await this.getRequest(options.request.id))!;
  }

  async transaction<T>(
    fn: (tx: AccessRequestStoreTransaction) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(tx =>
      fn(new DatabaseAccessRequestTransaction(tx)),
    );
  }

  async getRequest(id: string): Promise<StoredAccessRequest | undefined> {
    const row = await this.db<RequestRow>(REQUESTS).where({ id }).first();
    return row ? rowToRequest(row) : undefined;
  }

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

  async listDueForExpiry(
    now: Date,
    limit: number,
  ): Promise<StoredAccessRequest[]> {
    return this.listEndingBy(now, limit, { unnotifiedOnly: false });
  }

  async listDueForExpiryNotice(
    until: Date,
    limit: number,
  ): Promise<StoredAccessRequest[]> {
    return this.listEndingBy(until, limit, { unnotifiedOnly: true });
  }

  /**
   * Approved or granted requests whose validity ends by `until`, soonest
   * first; with `unnotifiedOnly`, only those whose expiry notice is not sent yet.
   */
  private async listEndingBy(
    until: Date,
    limit: number,
    options: { unnotifiedOnly: boolean },
  ): Promise<StoredAccessRequest[]> {
    let query = this.db<RequestRow>(REQUESTS)
      .whereIn('status', ['approved', 'granted'])
      .whereNotNull('valid_until')
      .where('valid_until', '<=', until);
    if (options.unnotifiedOnly) {
      query = query.whereNull('expiry_notified_at');
    }
    const rows: RequestRow[] = await query
      .orderBy('valid_until', 'asc')
      .limit(limit);
    return rows.map(rowToRequest);
  }

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
