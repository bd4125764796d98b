import { randomUUID } from 'crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  ACTIVE_RETIREMENT_STATUSES,
  RETIREMENT_STEPS,
  RetirementStatus,
  RetirementStep,
  RetirementStepName,
} from '@meshport/plugin-data-products-common';
import type { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { isUniqueViolation } from '../lib/db';
import type {
  NewRetirement,
  RetirementEvent,
  RetirementPatch,
  RetirementStore,
  StepPatch,
  StoredRetirement,
} from './RetirementStore';
import { normalizeEntityRef as lower } from '../lib/entityRefs';

const RETIREMENTS = 'data_product_retirements';
const STEPS = 'data_product_retirement_steps';
const EVENTS = 'data_product_retirement_events';

type DbDate = Date | string | number;

interface RetirementRow {
  id: string;
  data_product: string;
  active_key: string | null;
  status: string;
  reason: string;
  sunset_at: DbDate;
  datasets: string;
  snapshot: string | null;
  previous_lifecycle: string | null;
  requested_by: string;
  created_at: DbDate;
  updated_at: DbDate;
  notified_consumers: string | null;
  notified_at: DbDate | null;
  notify_attempts: number;
  confirmed_by: string | null;
  confirmed_at: DbDate | null;
  steps_started_at: DbDate | null;
  finished_at: DbDate | null;
  cancelled_by: string | null;
  cancelled_at: DbDate | null;
  cancel_note: string | null;
  catalog_outcome: string | null;
}

interface StepRow {
  retirement_id: string;
  step: string;
  seq: number;
  status: string;
  attempts: number;
  summary: string | null;
  result: string | null;
  error: string | null;
  started_at: DbDate | null;
  finished_at: DbDate | null;
  next_attempt_at: DbDate | null;
  updated_at: DbDate;
}

interface EventRow {
  id: string;
  retirement_id: string;
  type: string;
  actor: string;
  at: DbDate;
  step: string | null;
  note: string | null;
}

/** SQLite returns epoch milliseconds, PostgreSQL Date objects. */
function iso(value: DbDate): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  return new Date(text).toISOString();
}

function optionalIso(value: DbDate | null | undefined) {
  return value === null || value === undefined ? undefined : iso(value);
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

function rowToRetirement(row: RetirementRow): StoredRetirement {
  return defined({
    id: row.id,
    dataProduct: row.data_product,
    datasets: JSON.parse(row.datasets),
    status: row.status as RetirementStatus,
    reason: row.reason,
    sunset: iso(row.sunset_at),
    requestedBy: row.requested_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    previousLifecycle: row.previous_lifecycle ?? undefined,
    notifiedConsumers: row.notified_consumers
      ? JSON.parse(row.notified_consumers)
      : undefined,
    notifiedAt: optionalIso(row.notified_at),
    notifyAttempts: Number(row.notify_attempts ?? 0),
    confirmedBy: row.confirmed_by ?? undefined,
    confirmedAt: optionalIso(row.confirmed_at),
    stepsStartedAt: optionalIso(row.steps_started_at),
    finishedAt: optionalIso(row.finished_at),
    cancelledBy: row.cancelled_by ?? undefined,
    cancelledAt: optionalIso(row.cancelled_at),
    cancelNote: row.cancel_note ?? undefined,
    catalog: row.catalog_outcome ? JSON.parse(row.catalog_outcome) : undefined,
    snapshot: row.snapshot ? JSON.parse(row.snapshot) : undefined,
  });
}

function rowToStep(row: StepRow): RetirementStep {
  return defined({
    name: row.step as RetirementStepName,
    seq: Number(row.seq),
    status: row.status as RetirementStep['status'],
    attempts: Number(row.attempts),
    summary: row.summary ?? undefined,
    result: row.result ? JSON.parse(row.result) : undefined,
    error: row.error ?? undefined,
    startedAt: optionalIso(row.started_at),
    finishedAt: optionalIso(row.finished_at),
    nextAttemptAt: optionalIso(row.next_attempt_at),
  });
}

/** {@link RetirementStore} on the plugin's knex database. */
export class DatabaseRetirementStore implements RetirementStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseRetirementStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await applyDatabaseMigrations(knex);
    }
    return new DatabaseRetirementStore(knex);
  }

  constructor(private readonly db: Knex) {}

  async createRetirement(input: NewRetirement): Promise<StoredRetirement> {
    const dataProduct = lower(input.dataProduct);
    const row: RetirementRow = {
      id: input.id,
      data_product: dataProduct,
      active_key: dataProduct,
      status: 'retiring',
      reason: input.reason,
      sunset_at: input.sunset,
      datasets: JSON.stringify(input.datasets.map(lower)),
      snapshot:
        input.snapshot === undefined ? null : JSON.stringify(input.snapshot),
      previous_lifecycle: input.previousLifecycle ?? null,
      requested_by: input.requestedBy,
      created_at: input.createdAt,
      updated_at: input.createdAt,
      notified_consumers: null,
      notified_at: null,
      notify_attempts: 0,
      confirmed_by: null,
      confirmed_at: null,
      steps_started_at: null,
      finished_at: null,
      cancelled_by: null,
      cancelled_at: null,
      cancel_note: null,
      catalog_outcome: null,
    };
    try {
      await this.db.transaction(async tx => {
        await tx(RETIREMENTS).insert(row);
        await tx(STEPS).insert(
          RETIREMENT_STEPS.map((step, i) => ({
            retirement_id: input.id,
            step,
            seq: i + 1,
            status: 'pending',
            attempts: 0,
            updated_at: input.createdAt,
          })),
        );
        await tx(EVENTS).insert({
          id: randomUUID(),
          retirement_id: input.id,
          type: 'started',
          actor: input.requestedBy,
          at: input.createdAt,
          note: input.reason,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          'This data product is already being retired; cancel that retirement first',
        );
      }
      throw error;
    }
    return rowToRetirement(row);
  }

  async getRetirement(id: string): Promise<StoredRetirement | undefined> {
    const row = await this.db<RetirementRow>(RETIREMENTS).where({ id }).first();
    return row ? rowToRetirement(row) : undefined;
  }

  async getLatestForProduct(
    dataProduct: string,
  ): Promise<StoredRetirement | undefined> {
    const ref = lower(dataProduct);
    const active = await this.db<RetirementRow>(RETIREMENTS)
      .where({ active_key: ref })
      .first();
    if (active) return rowToRetirement(active);
    const latest = await this.db<RetirementRow>(RETIREMENTS)
      .where({ data_product: ref })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .first();
    return latest ? rowToRetirement(latest) : undefined;
  }

  async listByStatus(
    statuses: RetirementStatus[],
  ): Promise<StoredRetirement[]> {
    const rows = await this.db<RetirementRow>(RETIREMENTS)
      .whereIn('status', statuses)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc');
    return rows.map(rowToRetirement);
  }

  async updateRetirement(
    id: string,
    patch: RetirementPatch,
    expectedStatuses?: RetirementStatus[],
  ): Promise<boolean> {
    const update: Partial<RetirementRow> = defined({
      status: patch.status,
      notified_consumers: patch.notifiedConsumers
        ? JSON.stringify(patch.notifiedConsumers)
        : undefined,
      notified_at: patch.notifiedAt,
      notify_attempts: patch.notifyAttempts,
      confirmed_by: patch.confirmedBy,
      confirmed_at: patch.confirmedAt,
      steps_started_at: patch.stepsStartedAt,
      finished_at: patch.finishedAt,
      cancelled_by: patch.cancelledBy,
      cancelled_at: patch.cancelledAt,
      cancel_note: patch.cancelNote,
      catalog_outcome: patch.catalog
        ? JSON.stringify(patch.catalog)
        : undefined,
      updated_at: patch.updatedAt,
    });
    if (patch.status) {
      // Only an active retirement holds the product's slot.
      const current = await this.db<RetirementRow>(RETIREMENTS)
        .where({ id })
        .first('data_product');
      update.active_key = ACTIVE_RETIREMENT_STATUSES.includes(patch.status)
        ? current?.data_product ?? null
        : null;
    }
    const query = this.db<RetirementRow>(RETIREMENTS).where({ id });
    if (expectedStatuses) {
      query.whereIn('status', expectedStatuses);
    }
    const updated = await query.update(update);
    return updated === 1;
  }

  async listSteps(retirementId: string): Promise<RetirementStep[]> {
    const rows = await this.db<StepRow>(STEPS)
      .where({ retirement_id: retirementId })
      .orderBy('seq', 'asc');
    return rows.map(rowToStep);
  }

  async updateStep(
    retirementId: string,
    step: RetirementStepName,
    patch: StepPatch,
  ): Promise<void> {
    const update: Partial<StepRow> = {
      updated_at: patch.updatedAt,
    };
    if (patch.status !== undefined) update.status = patch.status;
    if (patch.attempts !== undefined) update.attempts = patch.attempts;
    if (patch.summary !== undefined) update.summary = patch.summary;
    if (patch.result !== undefined) {
      update.result =
        patch.result === null ? null : JSON.stringify(patch.result);
    }
    if (patch.error !== undefined) update.error = patch.error;
    if (patch.startedAt !== undefined) update.started_at = patch.startedAt;
    if (patch.finishedAt !== undefined) update.finished_at = patch.finishedAt;
    if (patch.nextAttemptAt !== undefined) {
      update.next_attempt_at = patch.nextAttemptAt;
    }
    await this.db<StepRow>(STEPS)
      .where({ retirement_id: retirementId, step })
      .update(update);
  }

  async addEvent(
    event: Omit<RetirementEvent, 'id' | 'at'> & { at: Date },
  ): Promise<void> {
    await this.db<EventRow>(EVENTS).insert({
      id: randomUUID(),
      retirement_id: event.retirementId,
      type: event.type,
      actor: event.actor,
      at: event.at,
      step: event.step ?? null,
      note: event.note ?? null,
    });
  }

  async listEvents(retirementId: string): Promise<RetirementEvent[]> {
    const rows = await this.db<EventRow>(EVENTS)
      .where({ retirement_id: retirementId })
      .orderBy('at', 'asc');
    return rows.map(row =>
      defined({
        id: row.id,
        retirementId: row.retirement_id,
        type: row.type as RetirementEvent['type'],
        actor: row.actor,
        at: iso(row.at),
        step: (row.step ?? undefined) as RetirementStepName | undefined,
        note: row.note ?? undefined,
      }),
    );
  }

  async listReleasedProducts(): Promise<string[]> {
    const rows = await this.db<RetirementRow>(`${RETIREMENTS} as r`)
      .distinct('r.data_product')
      .where('r.status', 'retired')
      .orWhere(query =>
        query
          .whereIn('r.status', ['running', 'failed'])
          .whereExists(
            this.db(`${STEPS} as s`)
              .whereRaw('s.retirement_id = r.id')
              .where('s.step', 'release-resources')
              .whereNot('s.status', 'pending'),
          ),
      );
    return rows.map(row => row.data_product as string);
  }
}
