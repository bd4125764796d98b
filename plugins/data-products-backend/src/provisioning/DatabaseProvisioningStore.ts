import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  ProvisioningRun,
  ProvisioningRunOperation,
  ProvisioningRunScope,
} from '@meshport/plugin-data-products-common';
import type {
  OperationResult,
  ProvisioningPlan,
} from '@meshport/plugin-data-products-node';
import { Knex } from 'knex';
import {
  CreateRunOptions,
  FindLatestRunOptions,
  FinishRunOptions,
  ListRunsOptions,
  NewRunOperation,
  ProvisioningSnapshot,
  ProvisioningStore,
} from './ProvisioningStore';

import { applyDatabaseMigrations } from '../database/migrations';
import { chunks } from '../lib/db';
import { normalizeEntityRef } from '../lib/entityRefs';

const RUNS = 'provisioning_runs';
const RUN_PRODUCTS = 'provisioning_run_products';
const OPERATIONS = 'provisioning_operations';
const SNAPSHOTS = 'provisioning_snapshots';

/** Rows per insert statement: well below SQLite's limit on bound variables. */
const INSERT_CHUNK_SIZE = 200;

type DbDate = Date | string | number;

interface RunRow {
  id: string;
  trigger: string;
  mode: string;
  status: string;
  scope: string | null;
  requested_by: string | null;
  input_fingerprint: string | null;
  created_at: DbDate;
  started_at: DbDate | null;
  finished_at: DbDate | null;
  summary: string | null;
  error: string | null;
}

interface OperationRow {
  run_id: string;
  seq: number;
  operation_id: string;
  provisioner: string;
  environment: string;
  data_product: string | null;
  action: string;
  resource_type: string;
  resource: string;
  description: string;
  details: string;
  status: string;
  error: string | null;
  finished_at: DbDate | null;
}

/** Entity refs compare case-insensitively; rows keep them lowercase (the plugin's one normalisation). */
export const normalizeProductRef = normalizeEntityRef;

/**
 * SQLite hands timestamps back as epoch milliseconds (knex binds a Date as
 * its number), PostgreSQL as Date objects.
 */
function toIsoString(value: DbDate): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return new Date(value).toISOString();
  }
  // A string from SQLite's CURRENT_TIMESTAMP ("2026-11-21 10:00:00") is UTC.
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  return new Date(text).toISOString();
}

function optionalIso(value: DbDate | null): string | undefined {
  return value === null || value === undefined ? undefined : toIsoString(value);
}

function hasScope(scope?: ProvisioningRunScope): boolean {
  return Boolean(scope?.dataProducts?.length || scope?.environments?.length);
}

function rowToRun(row: RunRow): ProvisioningRun {
  return {
    id: row.id,
    trigger: row.trigger as ProvisioningRun['trigger'],
    mode: row.mode as ProvisioningRun['mode'],
    status: row.status as ProvisioningRun['status'],
    ...(row.scope ? { scope: JSON.parse(row.scope) } : {}),
    ...(row.requested_by ? { requestedBy: row.requested_by } : {}),
    createdAt: toIsoString(row.created_at),
    ...(row.started_at ? { startedAt: optionalIso(row.started_at) } : {}),
    ...(row.finished_at ? { finishedAt: optionalIso(row.finished_at) } : {}),
    ...(row.summary ? { summary: JSON.parse(row.summary) } : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.input_fingerprint
      ? { inputFingerprint: row.input_fingerprint }
      : {}),
  };
}

function rowToOperation(row: OperationRow): ProvisioningRunOperation {
  return {
    seq: Number(row.seq),
    id: row.operation_id,
    provisioner: row.provisioner,
    environment: row.environment,
    ...(row.data_product ? { dataProduct: row.data_product } : {}),
    action: row.action as ProvisioningRunOperation['action'],
    resourceType: row.resource_type,
    resource: row.resource,
    description: row.description,
    details: JSON.parse(row.details),
    status: row.status as ProvisioningRunOperation['status'],
    ...(row.error ? { error: row.error } : {}),
    ...(row.finished_at ? { finishedAt: optionalIso(row.finished_at) } : {}),
  };
}

/** {@link ProvisioningStore} on the plugin's knex database. */
export class DatabaseProvisioningStore implements ProvisioningStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseProvisioningStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await applyDatabaseMigrations(knex);
    }
    return new DatabaseProvisioningStore(knex);
  }

  constructor(private readonly db: Knex) {}

  async createRun(options: CreateRunOptions): Promise<ProvisioningRun> {
    const scope = hasScope(options.scope)
      ? {
          ...(options.scope?.dataProducts?.length
            ? { dataProducts: options.scope.dataProducts }
            : {}),
          ...(options.scope?.environments?.length
            ? { environments: options.scope.environments }
            : {}),
        }
      : undefined;
    const row: RunRow = {
      id: options.id,
      trigger: options.trigger,
      mode: options.mode,
      status: options.status,
      scope: scope ? JSON.stringify(scope) : null,
      requested_by: options.requestedBy ?? null,
      input_fingerprint: null,
      created_at: options.createdAt,
      started_at: options.status === 'running' ? options.createdAt : null,
      finished_at: null,
      summary: null,
      error: null,
    };
    await this.db.transaction(async tx => {
      await tx(RUNS).insert(row);
      const products = [
        ...new Set((scope?.dataProducts ?? []).map(normalizeProductRef)),
      ];
      if (products.length) {
        await tx(RUN_PRODUCTS).insert(
          products.map(dataProduct => ({
            run_id: options.id,
            data_product: dataProduct,
          })),
        );
      }
    });
    return rowToRun(row);
  }

  async claimRun(id: string, startedAt: Date): Promise<boolean> {
    const updated = await this.db(RUNS)
      .where({ id, status: 'queued' })
      .update({ status: 'running', started_at: startedAt });
    return updated === 1;
  }

  async setRunInputFingerprint(id: string, fingerprint: string): Promise<void> {
    await this.db(RUNS)
      .where({ id })
      .update({ input_fingerprint: fingerprint });
  }

  async finishRun(id: string, options: FinishRunOptions): Promise<void> {
    await this.db(RUNS)
      .where({ id })
      .update({
        status: options.status,
        finished_at: options.finishedAt,
        summary: JSON.stringify(options.summary),
        error: options.error ?? null,
      });
  }

  async failRunningRuns(finishedAt: Date, error: string): Promise<number> {
    return await this.db(RUNS)
      .where({ status: 'running' })
      .update({ status: 'failed', finished_at: finishedAt, error });
  }

  async getRun(id: string): Promise<ProvisioningRun | undefined> {
    const row = await this.db<RunRow>(RUNS).where({ id }).first();
    return row ? rowToRun(row) : undefined;
  }

  async listRuns(
    options: ListRunsOptions,
  ): Promise<{ items: ProvisioningRun[]; totalCount: number }> {
    const filtered = () => {
      const query = this.db<RunRow>(RUNS);
      if (options.status) {
        query.where('status', options.status);
      }
      if (options.dataProduct) {
        query.whereIn(
          'id',
          this.db(RUN_PRODUCTS)
            .select('run_id')
            .where('data_product', normalizeProductRef(options.dataProduct)),
        );
      }
      return query;
    };
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select('*')
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit)
        .offset(options.offset),
      filtered().count({ count: '*' }),
    ]);
    return {
      items: (rows as RunRow[]).map(rowToRun),
      totalCount: Number(count),
    };
  }

  async getNextQueuedRun(): Promise<ProvisioningRun | undefined> {
    const row = await this.db<RunRow>(RUNS)
      .where({ status: 'queued' })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .first();
    return row ? rowToRun(row) : undefined;
  }

  async findLatestRun(
    options: FindLatestRunOptions = {},
  ): Promise<ProvisioningRun | undefined> {
    const query = this.db<RunRow>(RUNS);
    if (options.fullScope) {
      query.whereNull('scope');
    }
    if (options.covering) {
      const product = normalizeProductRef(options.covering);
      query.where(covering =>
        covering
          .whereNull('scope')
          .orWhereIn(
            'id',
            this.db(RUN_PRODUCTS)
              .select('run_id')
              .where('data_product', product),
          ),
      );
    }
    const row = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? rowToRun(row) : undefined;
  }

  async getRunProducts(id: string): Promise<string[]> {
    const rows = await this.db(RUN_PRODUCTS)
      .where({ run_id: id })
      .select('data_product')
      .orderBy('data_product');
    return rows.map(row => row.data_product);
  }

  async addOperations(
    runId: string,
    operations: NewRunOperation[],
  ): Promise<void> {
    if (operations.length === 0) {
      return;
    }
    const rows: OperationRow[] = operations.map(
      ({ seq, operation, status }) => ({
        run_id: runId,
        seq,
        operation_id: operation.id,
        provisioner: operation.provisioner,
        environment: operation.environment,
        data_product: operation.dataProduct
          ? normalizeProductRef(operation.dataProduct)
          : null,
        action: operation.action,
        resource_type: operation.resourceType,
        resource: operation.resource,
        description: operation.description,
        details: JSON.stringify(operation.details ?? {}),
        status,
        error: null,
        finished_at: null,
      }),
    );
    const products = [
      ...new Set(
        rows.flatMap(row => (row.data_product ? [row.data_product] : [])),
      ),
    ];
    await this.db.transaction(async tx => {
      for (const part of chunks(rows, INSERT_CHUNK_SIZE)) {
        await tx(OPERATIONS).insert(part);
      }
      for (const part of chunks(products, INSERT_CHUNK_SIZE)) {
        await tx(RUN_PRODUCTS)
          .insert(
            part.map(dataProduct => ({
              run_id: runId,
              data_product: dataProduct,
            })),
          )
          .onConflict(['run_id', 'data_product'])
          .ignore();
      }
    });
  }

  async recordOperationResult(
    runId: string,
    result: OperationResult,
  ): Promise<void> {
    await this.db(OPERATIONS)
      .where({ run_id: runId, operation_id: result.operationId })
      .update({
        status: result.status,
        error: result.error ?? null,
        finished_at: new Date(result.finishedAt),
      });
  }

  async listOperations(runId: string): Promise<ProvisioningRunOperation[]> {
    const rows = await this.db<OperationRow>(OPERATIONS)
      .where({ run_id: runId })
      .orderBy('seq');
    return rows.map(rowToOperation);
  }

  async getSnapshot(
    provisioner: string,
  ): Promise<ProvisioningSnapshot | undefined> {
    const row = await this.db(SNAPSHOTS).where({ provisioner }).first();
    if (!row) {
      return undefined;
    }
    return {
      provisioner: row.provisioner,
      plan: JSON.parse(row.plan) as ProvisioningPlan,
      inputFingerprint: row.input_fingerprint,
      updatedAt: toIsoString(row.updated_at),
    };
  }

  async saveSnapshot(snapshot: {
    provisioner: string;
    plan: ProvisioningPlan;
    inputFingerprint: string;
    updatedAt: Date;
  }): Promise<void> {
    await this.db(SNAPSHOTS)
      .insert({
        provisioner: snapshot.provisioner,
        plan: JSON.stringify(snapshot.plan),
        input_fingerprint: snapshot.inputFingerprint,
        updated_at: snapshot.updatedAt,
      })
      .onConflict('provisioner')
      .merge(['plan', 'input_fingerprint', 'updated_at']);
  }
}
