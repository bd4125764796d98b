/*
 * The measurements of many datasets in one query each (the Data home's
 * statuses): each dataset's own window start travels to the database as one
 * JSON parameter, joined to slo_measurements, so the number of queries and of
 * bound variables does not grow with the number of datasets. Each dataset
 * still reads only its (dataset, kind, at) index range.
 */
import type { Knex } from 'knex';
import { rowToMeasurement } from './sloRows';
import {
  MEASUREMENT_KINDS,
  normalizeDatasetRef,
  StoredMeasurement,
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
}

/**
 * The windows as a table `w(dataset, at)`, from one JSON parameter:
 * `jsonb_to_recordset` on PostgreSQL, `json_each` on SQLite (where dates are
 * stored as epoch milliseconds).
 */
function windowsTable(db: Knex, windows: DatasetWindow[]): Knex.Raw {
  const json = JSON.stringify(
    windows.map(w => ({ dataset: normalizeDatasetRef(w.dataset), at: w.at })),
  );
  const client = String(db.client.config.client);
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') {
    return db.raw(
      `(select w.dataset, timestamptz 'epoch' + w.at * interval '1 millisecond' as at from jsonb_to_recordset(?::jsonb) as w(dataset text, at bigint)) as w`,
      [json],
    );
  }
  return db.raw(
    `(select json_extract(value, '$.dataset') as dataset, json_extract(value, '$.at') as at from json_each(?)) as w`,
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
): Promise<Map<string, StoredMeasurement[]>> {
  if (windows.length === 0) {
    return new Map();
  }
  const rows = await db({ m: MEASUREMENTS })
    .join(windowsTable(db, windows), 'w.dataset', 'm.dataset')
    .whereIn('m.kind', MEASUREMENT_KINDS)
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
