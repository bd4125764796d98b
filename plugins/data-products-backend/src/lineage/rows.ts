/* Row <-> object conversions of the lineage tables (SQLite and PostgreSQL alike). */
import type {
  StoredDataset,
  StoredEdge,
  StoredJob,
  UndeclaredRow,
} from './LineageStore';

type DbDate = Date | string | number;

export function toDate(value: DbDate): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  return new Date(/^\d+$/.test(text) ? Number(text) : text);
}

export { chunks } from '../lib/db';

export function toJob(row: any): StoredJob {
  return {
    key: row.key,
    namespace: row.namespace,
    name: row.name,
    ...(row.data_product ? { dataProduct: row.data_product } : {}),
    ...(row.last_run_id ? { lastRunId: row.last_run_id } : {}),
    ...(row.last_state ? { lastState: row.last_state } : {}),
    ...(row.last_event_time !== null && row.last_event_time !== undefined
      ? { lastEventTime: Number(row.last_event_time) }
      : {}),
  };
}

export function toDataset(row: any): StoredDataset {
  return {
    key: row.key,
    namespace: row.namespace,
    name: row.name,
    ...(row.dataset_ref ? { datasetRef: row.dataset_ref } : {}),
    fields: row.fields ? JSON.parse(row.fields) : [],
    lastSeen: toDate(row.last_seen),
  };
}

export function toEdge(row: any): StoredEdge {
  return {
    jobKey: row.job_key,
    datasetKey: row.dataset_key,
    direction: row.direction,
    lastSeen: toDate(row.last_seen),
  };
}

export function toUndeclared(row: any): UndeclaredRow {
  return {
    datasetRef: row.dataset_ref,
    consumer: row.consumer,
    jobKey: row.job_key,
    firstSeen: toDate(row.first_seen),
    lastSeen: toDate(row.last_seen),
    ...(row.notified_at ? { notifiedAt: toDate(row.notified_at) } : {}),
  };
}
