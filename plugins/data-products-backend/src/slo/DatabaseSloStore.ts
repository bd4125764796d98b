/*
 * Storage of the SLO feature (tables of migrations/20261123_slo.js): raw
 * measurements for the windows, hourly/daily aggregates beyond them, breaches,
 * monitoring switches and collector positions. A thin adapter: the maths is
 * in sli.ts, the roll-up arithmetic in rollUp() below (exported for tests).
 *
 * Every window is one indexed range query on (dataset, kind, at).
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { SloBreach, SloKind } from '@meshport/plugin-data-products-common';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/DatabaseProvisioningStore';
import { DAY_MS, HOUR_MS } from './declarations';

const MEASUREMENTS = 'slo_measurements';
const AGGREGATES = 'slo_aggregates';
const BREACHES = 'slo_breaches';
const MONITORING = 'slo_monitoring';
const COLLECTORS = 'slo_collector_state';

/** Rows per insert statement: well below SQLite's limit on bound variables. */
const INSERT_CHUNK_SIZE = 100;

export const MEASUREMENT_KINDS = ['availability', 'update'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];

/** Source of generated sample measurements. */
export const SAMPLE_SOURCE = 'sample';

export interface NewMeasurement {
  /** Full Dataset ref; stored lowercase. */
  dataset: string;
  kind: MeasurementKind;
  /** Epoch ms. */
  at: number;
  available?: boolean;
  rowCount?: number;
  environment?: string;
  /** `api`, `collector:<id>` or `sample`. */
  source: string;
}

export interface StoredMeasurement {
  kind: MeasurementKind;
  at: number;
  available?: boolean;
  rowCount?: number;
  environment?: string;
  source: string;
}

export interface SloAggregate {
  kind: MeasurementKind;
  granularity: 'hour' | 'day';
  bucketStart: number;
  measurements: number;
  /** availability: failed checks. */
  unavailable?: number;
  firstAt: number;
  lastAt: number;
  rowCountMin?: number;
  rowCountMax?: number;
  rowCountLast?: number;
  /** update: the longest time between consecutive updates ending in the bucket. */
  maxGapMs?: number;
  sample: boolean;
}

export interface StoredBreach extends SloBreach {
  sample: boolean;
  notifiedOpenAt?: string;
  notifiedCloseAt?: string;
}

type DbDate = Date | string | number;

/** SQLite returns epoch ms numbers, PostgreSQL Date objects. */
function toMs(value: DbDate): number {
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'number') {
    return value;
  }
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  return new Date(text).getTime();
}

function optionalNumber(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

function optionalIso(value: DbDate | null | undefined): string | undefined {
  return value === null || value === undefined
    ? undefined
    : new Date(toMs(value)).toISOString();
}

/** Entity refs compare case-insensitively; rows keep them lowercase. */
export function normalizeDatasetRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

function keyOf(dataset: string, kind: string, at: number) {
  return `${dataset}\u0000${kind}\u0000${at}`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

/**
 * Rolls sorted raw measurements of one dataset up into aggregates:
 * availability per UTC hour, updates per UTC day. `previousUpdateAt` is the
 * last update before the first one given (for the first gap). Pure.
 */
export function rollUp(
  measurements: StoredMeasurement[],
  previousUpdateAt?: number,
): SloAggregate[] {
  const byBucket = new Map<string, SloAggregate>();
  let lastUpdate = previousUpdateAt;
  const sorted = [...measurements].sort((a, b) => a.at - b.at);
  for (const m of sorted) {
    const granularity = m.kind === 'availability' ? 'hour' : 'day';
    const size = granularity === 'hour' ? HOUR_MS : DAY_MS;
    const bucketStart = Math.floor(m.at / size) * size;
    const key = `${m.kind}/${bucketStart}`;
    let agg = byBucket.get(key);
    if (!agg) {
      agg = {
        kind: m.kind,
        granularity,
        bucketStart,
        measurements: 0,
        firstAt: m.at,
        lastAt: m.at,
        sample: false,
        ...(m.kind === 'availability' ? { unavailable: 0 } : {}),
      };
      byBucket.set(key, agg);
    }
    agg.measurements += 1;
    agg.lastAt = m.at;
    agg.sample = agg.sample || m.source === SAMPLE_SOURCE;
    if (m.kind === 'availability') {
      if (m.available === false) {
        agg.unavailable = (agg.unavailable ?? 0) + 1;
      }
    } else {
      if (m.rowCount !== undefined) {
        agg.rowCountMin = Math.min(agg.rowCountMin ?? Infinity, m.rowCount);
        agg.rowCountMax = Math.max(agg.rowCountMax ?? -Infinity, m.rowCount);
        agg.rowCountLast = m.rowCount;
      }
      if (lastUpdate !== undefined) {
        agg.maxGapMs = Math.max(agg.maxGapMs ?? 0, m.at - lastUpdate);
      }
      lastUpdate = m.at;
    }
  }
  return [...byBucket.values()];
}

/** Combines an existing aggregate with a later roll-up of the same bucket. */
function mergeAggregates(a: SloAggregate, b: SloAggregate): SloAggregate {
  const defined = (...values: Array<number | undefined>) =>
    values.filter((v): v is number => v !== undefined);
  const min = (x?: number, y?: number) =>
    defined(x, y).length ? Math.min(...defined(x, y)) : undefined;
  const max = (x?: number, y?: number) =>
    defined(x, y).length ? Math.max(...defined(x, y)) : undefined;
  const later = b.lastAt >= a.lastAt ? b : a;
  return {
    ...a,
    measurements: a.measurements + b.measurements,
    ...(a.unavailable !== undefined || b.unavailable !== undefined
      ? { unavailable: (a.unavailable ?? 0) + (b.unavailable ?? 0) }
      : {}),
    firstAt: Math.min(a.firstAt, b.firstAt),
    lastAt: Math.max(a.lastAt, b.lastAt),
    rowCountMin: min(a.rowCountMin, b.rowCountMin),
    rowCountMax: max(a.rowCountMax, b.rowCountMax),
    rowCountLast: later.rowCountLast ?? a.rowCountLast ?? b.rowCountLast,
    maxGapMs: max(a.maxGapMs, b.maxGapMs),
    sample: a.sample || b.sample,
  };
}

interface BreachRow {
  id: string;
  dataset: string;
  kind: string;
  target: number;
  opened_at: DbDate;
  sli_at_open: number;
  closed_at: DbDate | null;
  sli_at_close: number | null;
  notified_open_at: DbDate | null;
  notified_close_at: DbDate | null;
  sample: boolean | number;
}

function rowToBreach(row: BreachRow): StoredBreach {
  return {
    id: row.id,
    dataset: row.dataset,
    kind: row.kind as SloKind,
    openedAt: optionalIso(row.opened_at)!,
    target: Number(row.target),
    sliAtOpen: Number(row.sli_at_open),
    ...(row.closed_at !== null && row.closed_at !== undefined
      ? { closedAt: optionalIso(row.closed_at) }
      : {}),
    ...(row.sli_at_close !== null && row.sli_at_close !== undefined
      ? { sliAtClose: Number(row.sli_at_close) }
      : {}),
    ...(row.notified_open_at
      ? { notifiedOpenAt: optionalIso(row.notified_open_at) }
      : {}),
    ...(row.notified_close_at
      ? { notifiedCloseAt: optionalIso(row.notified_close_at) }
      : {}),
    sample: Boolean(row.sample),
  };
}

/** The SLO tables on the plugin's knex database. */
export class DatabaseSloStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseSloStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await applyDatabaseMigrations(knex);
    }
    return new DatabaseSloStore(knex);
  }

  constructor(private readonly db: Knex) {}

  // ---- measurements ------------------------------------------------------

  /**
   * Stores new measurements; ones already stored (same dataset, kind and
   * instant), or repeated within the batch, are counted as duplicates.
   */
  async insertMeasurements(
    measurements: NewMeasurement[],
    receivedAt: Date,
  ): Promise<{ accepted: number; duplicates: number }> {
    if (measurements.length === 0) {
      return { accepted: 0, duplicates: 0 };
    }
    return this.db.transaction(async tx => {
      const unique = new Map<string, NewMeasurement>();
      for (const m of measurements) {
        const dataset = normalizeDatasetRef(m.dataset);
        const key = keyOf(dataset, m.kind, m.at);
        if (!unique.has(key)) {
          unique.set(key, { ...m, dataset });
        }
      }
      const candidates = [...unique.values()];
      const existing = new Set<string>();
      const byDataset = new Map<string, NewMeasurement[]>();
      for (const m of candidates) {
        byDataset.set(m.dataset, [...(byDataset.get(m.dataset) ?? []), m]);
      }
      for (const [dataset, items] of byDataset) {
        const ats = items.map(m => m.at);
        const rows: { kind: string; at: DbDate }[] = await tx(MEASUREMENTS)
          .where('dataset', dataset)
          .whereBetween('at', [
            new Date(Math.min(...ats)),
            new Date(Math.max(...ats)),
          ])
          .select('kind', 'at');
        for (const row of rows) {
          existing.add(keyOf(dataset, row.kind, toMs(row.at)));
        }
      }
      const fresh = candidates.filter(
        m => !existing.has(keyOf(m.dataset, m.kind, m.at)),
      );
      for (const part of chunk(fresh, INSERT_CHUNK_SIZE)) {
        await tx(MEASUREMENTS)
          .insert(
            part.map(m => ({
              dataset: m.dataset,
              kind: m.kind,
              at: new Date(m.at),
              available: m.kind === 'availability' ? !!m.available : null,
              row_count: m.rowCount ?? null,
              environment: m.environment ?? null,
              source: m.source,
              received_at: receivedAt,
            })),
          )
          .onConflict(['dataset', 'kind', 'at'])
          .ignore();
      }
      return {
        accepted: fresh.length,
        duplicates: measurements.length - fresh.length,
      };
    });
  }

  /** Measurements of a dataset with `from <= at <= to`, oldest first. */
  async listMeasurements(
    dataset: string,
    options: { from: number; to: number; kind?: MeasurementKind },
  ): Promise<StoredMeasurement[]> {
    // `kind IN (...)` lets the (dataset, kind, at) index serve the range.
    const rows = await this.db(MEASUREMENTS)
      .where('dataset', normalizeDatasetRef(dataset))
      .whereIn('kind', options.kind ? [options.kind] : MEASUREMENT_KINDS)
      .whereBetween('at', [new Date(options.from), new Date(options.to)])
      .orderBy('at', 'asc')
      .select('kind', 'at', 'available', 'row_count', 'environment', 'source');
    return rows.map(rowToMeasurement);
  }

  /** The last `limit` updates of a dataset before `before`, oldest first. */
  async listUpdatesBefore(
    dataset: string,
    before: number,
    limit: number,
  ): Promise<StoredMeasurement[]> {
    const rows = await this.db(MEASUREMENTS)
      .where('dataset', normalizeDatasetRef(dataset))
      .where('kind', 'update')
      .where('at', '<', new Date(before))
      .orderBy('at', 'desc')
      .limit(limit)
      .select('kind', 'at', 'available', 'row_count', 'environment', 'source');
    return rows.map(rowToMeasurement).reverse();
  }

  /** When the dataset's latest measurement of this kind was taken. */
  async latestMeasurementAt(
    dataset: string,
    kind: MeasurementKind,
  ): Promise<number | undefined> {
    const row = await this.db(MEASUREMENTS)
      .where({ dataset: normalizeDatasetRef(dataset), kind })
      .max({ at: 'at' })
      .first();
    return row?.at ? toMs(row.at) : undefined;
  }

  /** Whether any measurement of the dataset came from somewhere else than `source`. */
  async hasMeasurementsNotFrom(
    dataset: string,
    source: string,
  ): Promise<boolean> {
    const row = await this.db(MEASUREMENTS)
      .where('dataset', normalizeDatasetRef(dataset))
      .whereNot('source', source)
      .first('id');
    return !!row;
  }

  // ---- aggregates and retention -----------------------------------------

  /**
   * Rolls the dataset's raw measurements older than `cutoff` up into
   * aggregates (merged with buckets already there) and deletes them.
   * Returns how many raw measurements were rolled up.
   */
  async compact(dataset: string, cutoff: number): Promise<number> {
    const ref = normalizeDatasetRef(dataset);
    return this.db.transaction(async tx => {
      const rows = await tx(MEASUREMENTS)
        .where('dataset', ref)
        .where('at', '<', new Date(cutoff))
        .orderBy('at', 'asc')
        .select(
          'kind',
          'at',
          'available',
          'row_count',
          'environment',
          'source',
        );
      if (rows.length === 0) {
        return 0;
      }
      const previous = await tx(AGGREGATES)
        .where({ dataset: ref, kind: 'update' })
        .max({ lastAt: 'last_at' })
        .first();
      const aggregates = rollUp(
        rows.map(rowToMeasurement),
        previous?.lastAt ? toMs(previous.lastAt) : undefined,
      );
      const starts = aggregates.map(a => a.bucketStart);
      const existingRows = await tx(AGGREGATES)
        .where('dataset', ref)
        .whereBetween('bucket_start', [
          new Date(Math.min(...starts)),
          new Date(Math.max(...starts)),
        ])
        .select();
      const existing = new Map<string, SloAggregate>();
      for (const row of existingRows) {
        const agg = rowToAggregate(row);
        existing.set(`${agg.kind}/${agg.granularity}/${agg.bucketStart}`, agg);
      }
      for (const agg of aggregates) {
        const key = `${agg.kind}/${agg.granularity}/${agg.bucketStart}`;
        const before = existing.get(key);
        if (before) {
          await tx(AGGREGATES)
            .where({
              dataset: ref,
              kind: agg.kind,
              granularity: agg.granularity,
              bucket_start: new Date(agg.bucketStart),
            })
            .delete();
        }
      }
      const merged = aggregates.map(agg => {
        const before = existing.get(
          `${agg.kind}/${agg.granularity}/${agg.bucketStart}`,
        );
        return before ? mergeAggregates(before, agg) : agg;
      });
      for (const part of chunk(merged, INSERT_CHUNK_SIZE)) {
        await tx(AGGREGATES).insert(part.map(a => aggregateToRow(ref, a)));
      }
      await tx(MEASUREMENTS)
        .where('dataset', ref)
        .where('at', '<', new Date(cutoff))
        .delete();
      return rows.length;
    });
  }

  /** Deletes aggregates of buckets that started before `cutoff`. */
  async deleteAggregatesBefore(cutoff: number): Promise<number> {
    return this.db(AGGREGATES)
      .where('bucket_start', '<', new Date(cutoff))
      .delete();
  }

  /** Datasets that have raw measurements older than `before`. */
  async listDatasetsWithMeasurementsBefore(before: number): Promise<string[]> {
    const rows = await this.db(MEASUREMENTS)
      .where('at', '<', new Date(before))
      .distinct('dataset');
    return rows.map(r => r.dataset as string);
  }

  /** Aggregates of a dataset with `from <= bucket_start <= to`, oldest first. */
  async listAggregates(
    dataset: string,
    options: { kind: MeasurementKind; from: number; to: number },
  ): Promise<SloAggregate[]> {
    const rows = await this.db(AGGREGATES)
      .where({ dataset: normalizeDatasetRef(dataset), kind: options.kind })
      .whereBetween('bucket_start', [
        new Date(options.from),
        new Date(options.to),
      ])
      .orderBy('bucket_start', 'asc')
      .select();
    return rows.map(rowToAggregate);
  }

  /** Inserts aggregates as they are (bulk loads, tests, benchmarks). */
  async insertAggregates(
    dataset: string,
    aggregates: SloAggregate[],
  ): Promise<void> {
    const ref = normalizeDatasetRef(dataset);
    for (const part of chunk(aggregates, INSERT_CHUNK_SIZE)) {
      await this.db(AGGREGATES).insert(part.map(a => aggregateToRow(ref, a)));
    }
  }

  // ---- breaches ------------------------------------------------------------

  /** The open breaches of these datasets (all datasets when omitted). */
  async listOpenBreaches(datasets?: string[]): Promise<StoredBreach[]> {
    const query = this.db<BreachRow>(BREACHES).whereNotNull('open_key');
    if (datasets) {
      if (datasets.length === 0) {
        return [];
      }
      query.whereIn('dataset', datasets.map(normalizeDatasetRef));
    }
    return (await query.select()).map(rowToBreach);
  }

  /** The dataset's breaches, newest first. */
  async listBreaches(
    dataset: string,
    options: { limit: number; kind?: SloKind },
  ): Promise<StoredBreach[]> {
    const query = this.db<BreachRow>(BREACHES).where(
      'dataset',
      normalizeDatasetRef(dataset),
    );
    if (options.kind) {
      query.where('kind', options.kind);
    }
    const rows = await query
      .orderBy('opened_at', 'desc')
      .limit(options.limit)
      .select();
    return rows.map(rowToBreach);
  }

  /** Whether the dataset has any breach row at all (open or closed). */
  async hasBreaches(dataset: string): Promise<boolean> {
    return !!(await this.db(BREACHES)
      .where('dataset', normalizeDatasetRef(dataset))
      .first('id'));
  }

  /**
   * Opens a breach, unless one is already open for this dataset and kind
   * (then returns undefined): the unique open key makes this safe even if
   * two evaluations raced.
   */
  async openBreach(options: {
    dataset: string;
    kind: SloKind;
    target: number;
    sli: number;
    at: number;
    sample: boolean;
  }): Promise<StoredBreach | undefined> {
    const dataset = normalizeDatasetRef(options.dataset);
    const openKey = `${dataset}|${options.kind}`;
    const id = randomUUID();
    const inserted = await this.db(BREACHES)
      .insert({
        id,
        dataset,
        kind: options.kind,
        target: options.target,
        opened_at: new Date(options.at),
        sli_at_open: options.sli,
        closed_at: null,
        sli_at_close: null,
        open_key: openKey,
        sample: options.sample,
      })
      .onConflict('open_key')
      .ignore()
      .returning('id');
    const ok = Array.isArray(inserted) && inserted.length > 0;
    if (!ok) {
      return undefined;
    }
    const row = await this.db<BreachRow>(BREACHES).where('id', id).first();
    return row ? rowToBreach(row) : undefined;
  }

  /** Closes an open breach; false when it was not open (any more). */
  async closeBreach(
    id: string,
    options: { sli: number; at: number },
  ): Promise<boolean> {
    const updated = await this.db(BREACHES)
      .where('id', id)
      .whereNotNull('open_key')
      .update({
        closed_at: new Date(options.at),
        sli_at_close: options.sli,
        open_key: null,
      });
    return updated > 0;
  }

  async markNotified(
    id: string,
    which: 'open' | 'close',
    at: Date,
  ): Promise<void> {
    await this.db(BREACHES)
      .where('id', id)
      .update(
        which === 'open' ? { notified_open_at: at } : { notified_close_at: at },
      );
  }

  // ---- monitoring ----------------------------------------------------------

  async setMonitoring(
    datasets: string[],
    active: boolean,
    at: Date,
  ): Promise<void> {
    const refs = [...new Set(datasets.map(normalizeDatasetRef))];
    for (const part of chunk(refs, INSERT_CHUNK_SIZE)) {
      await this.db(MONITORING)
        .insert(part.map(dataset => ({ dataset, active, updated_at: at })))
        .onConflict('dataset')
        .merge(['active', 'updated_at']);
    }
  }

  /** Datasets whose monitoring is stopped. */
  async listStoppedDatasets(): Promise<Set<string>> {
    const rows = await this.db(MONITORING)
      .where('active', false)
      .select('dataset');
    return new Set(rows.map(r => r.dataset as string));
  }

  async isMonitored(dataset: string): Promise<boolean> {
    const row = await this.db(MONITORING)
      .where('dataset', normalizeDatasetRef(dataset))
      .first('active');
    return !row || Boolean(row.active);
  }

  // ---- collectors ----------------------------------------------------------

  async getCollectedUntil(collector: string): Promise<number | undefined> {
    const row = await this.db(COLLECTORS)
      .where('collector', collector)
      .first('collected_until');
    return row ? toMs(row.collected_until) : undefined;
  }

  async setCollectorState(
    collector: string,
    state: { collectedUntil: number; error?: string; at: Date },
  ): Promise<void> {
    await this.db(COLLECTORS)
      .insert({
        collector,
        collected_until: new Date(state.collectedUntil),
        last_error: state.error ?? null,
        updated_at: state.at,
      })
      .onConflict('collector')
      .merge(['collected_until', 'last_error', 'updated_at']);
  }
}

function rowToMeasurement(row: {
  kind: string;
  at: DbDate;
  available: boolean | number | null;
  row_count: number | string | null;
  environment: string | null;
  source: string;
}): StoredMeasurement {
  return {
    kind: row.kind as MeasurementKind,
    at: toMs(row.at),
    ...(row.available !== null && row.available !== undefined
      ? { available: Boolean(row.available) }
      : {}),
    ...(row.row_count !== null && row.row_count !== undefined
      ? { rowCount: Number(row.row_count) }
      : {}),
    ...(row.environment ? { environment: row.environment } : {}),
    source: row.source,
  };
}

function rowToAggregate(row: any): SloAggregate {
  return {
    kind: row.kind,
    granularity: row.granularity,
    bucketStart: toMs(row.bucket_start),
    measurements: Number(row.measurements),
    ...(row.unavailable !== null && row.unavailable !== undefined
      ? { unavailable: Number(row.unavailable) }
      : {}),
    firstAt: toMs(row.first_at),
    lastAt: toMs(row.last_at),
    rowCountMin: optionalNumber(row.row_count_min),
    rowCountMax: optionalNumber(row.row_count_max),
    rowCountLast: optionalNumber(row.row_count_last),
    maxGapMs: optionalNumber(row.max_gap_ms),
    sample: Boolean(row.sample),
  };
}

function aggregateToRow(dataset: string, a: SloAggregate) {
  return {
    dataset,
    kind: a.kind,
    granularity: a.granularity,
    bucket_start: new Date(a.bucketStart),
    measurements: a.measurements,
    unavailable: a.unavailable ?? null,
    first_at: new Date(a.firstAt),
    last_at: new Date(a.lastAt),
    row_count_min: a.rowCountMin ?? null,
    row_count_max: a.rowCountMax ?? null,
    row_count_last: a.rowCountLast ?? null,
    max_gap_ms: a.maxGapMs ?? null,
    sample: a.sample,
  };
}
