/*
 * Storage of the SLO feature (tables of migrations/20261123_slo.js): raw
 * measurements for the windows, hourly/daily aggregates beyond them, breaches,
 * monitoring switches and collector positions. A thin adapter: the maths is
 * in sli.ts, the roll-up arithmetic in ./rollUp.ts, the row mapping in
 * ./sloRows.ts and the interface in ./SloStore.ts.
 *
 * Every window is one indexed range query on (dataset, kind, at).
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { SloKind } from '@meshport/plugin-data-products-common';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { chunks } from '../lib/db';
import { readWindowsOfMany } from './bulkMeasurements';
import { mergeAggregates, rollUp } from './rollUp';
import {
  aggregateToRow,
  BreachRow,
  DbDate,
  keyOf,
  rowToAggregate,
  rowToBreach,
  rowToMeasurement,
  toMs,
} from './sloRows';
import {
  MEASUREMENT_KINDS,
  MeasurementKind,
  NewMeasurement,
  normalizeDatasetRef,
  SloAggregate,
  SloStore,
  StoredBreach,
  StoredMeasurement,
  WindowsOfMany,
  WindowsOfManyRequest,
} from './SloStore';

// The store's types and roll-up, where its callers have always found them.
export * from './SloStore';
export { rollUp } from './rollUp';

const MEASUREMENTS = 'slo_measurements';
const AGGREGATES = 'slo_aggregates';
const BREACHES = 'slo_breaches';
const MONITORING = 'slo_monitoring';
const COLLECTORS = 'slo_collector_state';

/** Rows per insert statement: well below SQLite's limit on bound variables. */
const INSERT_CHUNK_SIZE = 100;

/** The SLO tables on the plugin's knex database. */
export class DatabaseSloStore implements SloStore {
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
      for (const part of chunks(fresh, INSERT_CHUNK_SIZE)) {
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

  readWindowsOfMany(request: WindowsOfManyRequest): Promise<WindowsOfMany> {
    return readWindowsOfMany(this.db, request);
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
      for (const part of chunks(merged, INSERT_CHUNK_SIZE)) {
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
    for (const part of chunks(aggregates, INSERT_CHUNK_SIZE)) {
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
    for (const part of chunks(refs, INSERT_CHUNK_SIZE)) {
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
