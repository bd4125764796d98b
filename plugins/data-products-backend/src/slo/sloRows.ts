/*
 * Rows of the SLO tables to and from the store's types: dates as the drivers
 * return them (Date, ISO string or epoch ms), numbers as strings on
 * PostgreSQL, booleans as 0/1 on SQLite.
 */
import type { SloKind } from '@meshport/plugin-data-products-common';
import type {
  MeasurementKind,
  SloAggregate,
  StoredBreach,
  StoredMeasurement,
} from './SloStore';

export type DbDate = Date | string | number;

/** SQLite returns epoch ms numbers, PostgreSQL Date objects. */
export function toMs(value: DbDate): number {
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

export function optionalNumber(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

export function optionalIso(
  value: DbDate | null | undefined,
): string | undefined {
  return value === null || value === undefined
    ? undefined
    : new Date(toMs(value)).toISOString();
}

export function keyOf(dataset: string, kind: string, at: number) {
  return `${dataset}\u0000${kind}\u0000${at}`;
}

export interface BreachRow {
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

export function rowToBreach(row: BreachRow): StoredBreach {
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

export function rowToMeasurement(row: {
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

export function rowToAggregate(row: any): SloAggregate {
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

export function aggregateToRow(dataset: string, a: SloAggregate) {
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
