/*
 * What the SLO statuses of many datasets need (the Data home), in three
 * queries: their updates in their windows, the updates just before, and their
 * availability checks counted into hourly events by the database. Each
 * dataset's own window start travels as one JSON parameter joined to
 * slo_measurements, so neither the number of queries nor of bound variables
 * grows with the number of datasets; each dataset still reads only its
 * (dataset, kind, at) index range.
 */
import type { Knex } from 'knex';
import { HOUR_MS } from '../lib/time';
import { rowToMeasurement } from './sloRows';
import {
  AvailabilityCounts,
  MEASUREMENT_KINDS,
  MeasurementKind,
  normalizeDatasetRef,
  StoredMeasurement,
  WindowsOfMany,
  WindowsOfManyRequest,
} from './SloStore';

const MEASUREMENTS = 'slo_measurements';
const COLUMNS = [
  'm.dataset',
  'm.kind',
  'm.at',
  'm.available',
  'm.row_count',
  'm.environment',
  'm.source',
];

/** A dataset and the instant its read starts (or ends, for the updates before). */
export interface DatasetWindow {
  dataset: string;
  at: number;
  /** Counts: the first hour (epoch hours) of the recent part of the window. */
  recentHour?: number;
}

/** PostgreSQL (else SQLite, the two databases the plugin supports). */
function isPostgres(db: Knex): boolean {
  return db.client.dialect === 'postgresql';
}

/**
 * The windows as a table `w(dataset, at, recent_hour)`, from one JSON parameter:
 * `jsonb_to_recordset` on PostgreSQL, `json_each` on SQLite (where dates are
 * stored as epoch milliseconds).
 */
function windowsTable(db: Knex, windows: DatasetWindow[]): Knex.Raw {
  // One row per dataset: a repeated one would repeat its measurements.
  const byDataset = new Map(
    windows.map(w => [normalizeDatasetRef(w.dataset), w]),
  );
  const json = JSON.stringify(
    [...byDataset].map(([dataset, w]) => ({
      dataset,
      at: w.at,
      recent: w.recentHour ?? null,
    })),
  );
  if (isPostgres(db)) {
    return db.raw(
      `(select w.dataset, timestamptz 'epoch' + w.at * interval '1 millisecond' as at, w.recent as recent_hour from jsonb_to_recordset(?::jsonb) as w(dataset text, at bigint, recent bigint)) as w`,
      [json],
    );
  }
  return db.raw(
    `(select json_extract(value, '$.dataset') as dataset, json_extract(value, '$.at') as at, json_extract(value, '$.recent') as recent_hour from json_each(?)) as w`,
    [json],
  );
}

function groupByDataset(
  rows: Array<{ dataset: string } & Parameters<typeof rowToMeasurement>[0]>,
): Map<string, StoredMeasurement[]> {
  const out = new Map<string, StoredMeasurement[]>();
  for (const row of rows) {
    const list = out.get(row.dataset);
    if (list) {
      list.push(rowToMeasurement(row));
    } else {
      out.set(row.dataset, [rowToMeasurement(row)]);
    }
  }
  return out;
}

/**
 * Measurements of each dataset with `window.at <= at <= to`, oldest first,
 * by lowercase dataset ref (datasets without any are absent). One query.
 */
export async function listMeasurementsOfMany(
  db: Knex,
  windows: DatasetWindow[],
  to: number,
  kinds: readonly MeasurementKind[] = MEASUREMENT_KINDS,
): Promise<Map<string, StoredMeasurement[]>> {
  if (windows.length === 0) {
    return new Map();
  }
  const rows = await db({ m: MEASUREMENTS })
    .join(windowsTable(db, windows), 'w.dataset', 'm.dataset')
    .whereIn('m.kind', kinds)
    .where('m.at', '>=', db.ref('w.at'))
    .where('m.at', '<=', new Date(to))
    .orderBy([
      { column: 'm.dataset', order: 'asc' },
      { column: 'm.at', order: 'asc' },
    ])
    .select(COLUMNS);
  return groupByDataset(rows);
}

/**
 * The last `limit` updates of each dataset before its `window.at`, oldest
 * first, by lowercase dataset ref. One query (a window function).
 */
export async function listUpdatesBeforeOfMany(
  db: Knex,
  windows: DatasetWindow[],
  limit: number,
): Promise<Map<string, StoredMeasurement[]>> {
  if (windows.length === 0) {
    return new Map();
  }
  const ranked = db({ m: MEASUREMENTS })
    .join(windowsTable(db, windows), 'w.dataset', 'm.dataset')
    .where('m.kind', 'update')
    .where('m.at', '<', db.ref('w.at'))
    .select(COLUMNS)
    .select(
      db.raw('row_number() over (partition by ?? order by ?? desc) as rn', [
        'm.dataset',
        'm.at',
      ]),
    );
  const rows = await db
    .from(ranked.as('r'))
    .where('r.rn', '<=', limit)
    .orderBy([
      { column: 'r.dataset', order: 'asc' },
      { column: 'r.at', order: 'asc' },
    ])
    .select('r.*');
  return groupByDataset(rows);
}

/** The epoch hour of a check; SQLite stores instants as epoch milliseconds. */
const HOUR_OF_CHECK = {
  postgres: 'floor(extract(epoch from m.at) / 3600)::bigint as hour',
  sqlite: '(m.at / 3600000) as hour',
};

/**
 * Each dataset's availability over its window (`window.at <= at <= to`) in
 * hourly events, counted by the database: an hour with checks is one event,
 * good when none failed. By lowercase dataset ref; datasets without a check
 * are absent. One query, one row per dataset.
 */
export async function countAvailabilityOfMany(
  db: Knex,
  windows: DatasetWindow[],
  to: number,
): Promise<Map<string, AvailabilityCounts>> {
  if (windows.length === 0) {
    return new Map();
  }
  const checks = db({ m: MEASUREMENTS })
    .join(windowsTable(db, windows), 'w.dataset', 'm.dataset')
    .where('m.kind', 'availability')
    .where('m.at', '>=', db.ref('w.at'))
    .where('m.at', '<=', new Date(to))
    .select(
      'm.dataset',
      'm.available',
      'w.recent_hour',
      db.raw(HOUR_OF_CHECK[isPostgres(db) ? 'postgres' : 'sqlite']),
    );
  // Hours with a check, and hours with a failed one (a missing answer is
  // a failure, as in computeAvailability), overall and recently.
  const rows: Array<Record<string, string | number>> = await db
    .from(checks.as('c'))
    .groupBy('c.dataset')
    .select('c.dataset')
    .select(
      db.raw('count(distinct c.hour) as total'),
      db.raw(
        'count(distinct case when c.available then null else c.hour end) as failed',
      ),
      db.raw(
        'count(distinct case when c.hour >= c.recent_hour then c.hour end) as recent_total',
      ),
      db.raw(
        'count(distinct case when c.available then null when c.hour >= c.recent_hour then c.hour end) as recent_failed',
      ),
    );
  return new Map(
    rows.map(row => [
      String(row.dataset),
      {
        total: Number(row.total),
        good: Number(row.total) - Number(row.failed),
        recentTotal: Number(row.recent_total),
        recentGood: Number(row.recent_total) - Number(row.recent_failed),
      },
    ]),
  );
}

/** See SloStore.readWindowsOfMany: three queries. */
export async function readWindowsOfMany(
  db: Knex,
  request: WindowsOfManyRequest,
): Promise<WindowsOfMany> {
  const updates = request.updates.map(w => ({
    dataset: w.dataset,
    at: w.from,
  }));
  const [inWindow, before, availability] = await Promise.all([
    listMeasurementsOfMany(db, updates, request.to, ['update']),
    listUpdatesBeforeOfMany(db, updates, request.baseline),
    countAvailabilityOfMany(
      db,
      request.availability.map(w => ({
        dataset: w.dataset,
        at: w.from,
        recentHour: Math.floor(w.recentFrom / HOUR_MS),
      })),
      request.to,
    ),
  ]);
  const merged = new Map<string, StoredMeasurement[]>();
  for (const dataset of new Set([...before.keys(), ...inWindow.keys()])) {
    merged.set(dataset, [
      ...(before.get(dataset) ?? []),
      ...(inWindow.get(dataset) ?? []),
    ]);
  }
  return { updates: merged, availability };
}
