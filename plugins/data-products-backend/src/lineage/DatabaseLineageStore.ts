/*
 * The lineage store on knex (SQLite and PostgreSQL). Batches are written in
 * one transaction with multi-row upserts; keys are deduplicated first, since
 * PostgreSQL refuses an upsert that touches a row twice.
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { useWriteAheadLogOnSqlite } from '../access/DatabaseAccessRequestStore';
import { EventRow, eventIdentity, LineageRows } from './extract';
import { chunks, upsertInChunks } from '../lib/db';
import { toDataset, toDate, toEdge, toJob, toUndeclared } from './rows';
import type {
  LineageStore,
  StoredColumnEdge,
  StoredEdge,
  StoredRead,
  UndeclaredRow,
  UsageRow,
} from './LineageStore';

const EVENTS = 'lineage_events';
const JOBS = 'lineage_jobs';
const DATASETS = 'lineage_datasets';
const EDGES = 'lineage_edges';
const COLUMN_EDGES = 'lineage_column_edges';
const RUN_DATASETS = 'lineage_run_datasets';
const USAGE = 'lineage_usage';
const UNDECLARED = 'lineage_undeclared';

/** Rows per statement, well below SQLite's bound-variable limit. */
const CHUNK = 100;
/** Keys per IN (...) list. */
const IN_CHUNK = 500;

export class DatabaseLineageStore implements LineageStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseLineageStore> {
    const knex = await options.database.getClient();
    await useWriteAheadLogOnSqlite(knex);
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await applyDatabaseMigrations(knex);
    }
    return new DatabaseLineageStore(knex);
  }

  constructor(private readonly db: Knex) {}

  async ingest(
    events: EventRow[],
    derive: (newEvents: EventRow[]) => LineageRows,
    now: Date,
  ) {
    return this.db.transaction(async tx => {
      const known = new Set<string>();
      const runIds = [...new Set(events.map(e => e.runId))];
      for (const part of chunks(runIds, IN_CHUNK)) {
        const rows = await tx(EVENTS)
          .whereIn('run_id', part)
          .select('run_id', 'event_type', 'event_time');
        for (const row of rows) {
          known.add(
            eventIdentity({
              runId: row.run_id,
              eventType: row.event_type,
              eventTime: Number(row.event_time),
            }),
          );
        }
      }
      const stored = events.filter(e => !known.has(eventIdentity(e)));
      await upsertInChunks(tx, {
        table: EVENTS,
        items: stored,
        size: CHUNK,
        toRow: e => ({
          run_id: e.runId,
          event_type: e.eventType,
          event_time: e.eventTime,
          job_key: e.jobKey,
          body: e.body,
          received_at: now,
        }),
        onConflict: ['run_id', 'event_type', 'event_time'],
        merge: 'ignore',
      });
      const rows = derive(stored);
      await this.writeRows(tx, rows, now);
      return { stored, rows };
    });
  }

  private async writeRows(tx: Knex.Transaction, rows: LineageRows, now: Date) {
    await upsertInChunks(tx, {
      table: JOBS,
      items: rows.jobs,
      size: CHUNK,
      toRow: job => ({
        key: job.key,
        namespace: job.namespace,
        name: job.name,
        data_product: job.dataProduct ?? null,
        last_run_id: job.lastRunId,
        last_state: job.lastState,
        last_event_time: job.lastEventTime,
        updated_at: now,
      }),
      onConflict: 'key',
      merge: {
        data_product: tx.raw(
          `coalesce(excluded.data_product, ${JOBS}.data_product)`,
        ),
        last_run_id: tx.raw(
          `case when excluded.last_event_time >= ${JOBS}.last_event_time then excluded.last_run_id else ${JOBS}.last_run_id end`,
        ),
        last_state: tx.raw(
          `case when excluded.last_event_time >= ${JOBS}.last_event_time then excluded.last_state else ${JOBS}.last_state end`,
        ),
        last_event_time: tx.raw(
          `case when excluded.last_event_time >= ${JOBS}.last_event_time then excluded.last_event_time else ${JOBS}.last_event_time end`,
        ),
        updated_at: now,
      },
    });
    await upsertInChunks(tx, {
      table: DATASETS,
      items: rows.datasets,
      size: CHUNK,
      toRow: ds => ({
        key: ds.key,
        namespace: ds.namespace,
        name: ds.name,
        dataset_ref: ds.datasetRef ?? null,
        fields: ds.fields ? JSON.stringify(ds.fields) : null,
        last_seen: now,
      }),
      onConflict: 'key',
      merge: {
        dataset_ref: tx.raw(
          `coalesce(excluded.dataset_ref, ${DATASETS}.dataset_ref)`,
        ),
        fields: tx.raw(`coalesce(excluded.fields, ${DATASETS}.fields)`),
        last_seen: now,
      },
    });
    await upsertInChunks(tx, {
      table: EDGES,
      items: rows.edges,
      size: CHUNK,
      toRow: edge => ({
        job_key: edge.jobKey,
        dataset_key: edge.datasetKey,
        direction: edge.direction,
        last_seen: now,
      }),
      onConflict: ['job_key', 'dataset_key', 'direction'],
      merge: ['last_seen'],
    });
    await upsertInChunks(tx, {
      table: COLUMN_EDGES,
      items: rows.columnEdges,
      size: CHUNK,
      toRow: edge => ({
        dataset_key: edge.datasetKey,
        field: edge.field,
        input_dataset_key: edge.inputDatasetKey,
        input_field: edge.inputField,
        job_key: edge.jobKey,
        transformation: edge.transformation ?? null,
        last_seen: now,
      }),
      onConflict: [
        'dataset_key',
        'field',
        'input_dataset_key',
        'input_field',
        'job_key',
      ],
      merge: ['transformation', 'last_seen'],
    });
    await upsertInChunks(tx, {
      table: RUN_DATASETS,
      items: rows.runDatasets,
      size: CHUNK,
      toRow: rd => ({
        run_id: rd.runId,
        dataset_key: rd.datasetKey,
        direction: rd.direction,
        job_key: rd.jobKey,
        event_time: rd.eventTime,
      }),
      onConflict: ['run_id', 'dataset_key', 'direction'],
      merge: 'ignore',
    });
  }

  private async inChunks<T>(
    keys: string[],
    query: (part: string[]) => Promise<T[]>,
  ): Promise<T[]> {
    const unique = [...new Set(keys)];
    const out: T[] = [];
    for (const part of chunks(unique, IN_CHUNK)) {
      out.push(...(await query(part)));
    }
    return out;
  }

  async datasetsByRefs(refs: string[]) {
    return this.inChunks(refs, async part =>
      (await this.db(DATASETS).whereIn('dataset_ref', part)).map(toDataset),
    );
  }

  async datasetsByKeys(keys: string[]) {
    return this.inChunks(keys, async part =>
      (await this.db(DATASETS).whereIn('key', part)).map(toDataset),
    );
  }

  async jobsByKeys(keys: string[]) {
    return this.inChunks(keys, async part =>
      (await this.db(JOBS).whereIn('key', part)).map(toJob),
    );
  }

  async jobsOfProducts(products: string[]) {
    return this.inChunks(products, async part =>
      (await this.db(JOBS).whereIn('data_product', part)).map(toJob),
    );
  }

  async edgesOfDatasets(keys: string[], direction: 'input' | 'output') {
    return this.inChunks(keys, async part =>
      (
        await this.db(EDGES)
          .whereIn('dataset_key', part)
          .andWhere('direction', direction)
      ).map(toEdge),
    );
  }

  async edgesOfJobs(keys: string[], direction: 'input' | 'output') {
    return this.inChunks(keys, async part =>
      (
        await this.db(EDGES)
          .whereIn('job_key', part)
          .andWhere('direction', direction)
      ).map(toEdge),
    );
  }

  async hop(
    datasetKeys: string[],
    into: 'input' | 'output',
    out: 'input' | 'output',
  ) {
    const rows = await this.inChunks(datasetKeys, part =>
      this.db(`${EDGES} as a`)
        .leftJoin(`${EDGES} as b`, join =>
          join
            .on('b.job_key', '=', 'a.job_key')
            .andOnVal('b.direction', '=', out),
        )
        .whereIn('a.dataset_key', part)
        .andWhere('a.direction', into)
        .select(
          'a.job_key as job_key',
          'a.dataset_key as a_dataset',
          'a.last_seen as a_seen',
          'b.dataset_key as b_dataset',
          'b.last_seen as b_seen',
        ),
    );
    const toJobs = new Map<string, StoredEdge>();
    const fromJobs = new Map<string, StoredEdge>();
    for (const row of rows) {
      toJobs.set(`${row.job_key}|${row.a_dataset}`, {
        jobKey: row.job_key,
        datasetKey: row.a_dataset,
        direction: into,
        lastSeen: toDate(row.a_seen),
      });
      if (row.b_dataset) {
        fromJobs.set(`${row.job_key}|${row.b_dataset}`, {
          jobKey: row.job_key,
          datasetKey: row.b_dataset,
          direction: out,
          lastSeen: toDate(row.b_seen),
        });
      }
    }
    return { toJobs: [...toJobs.values()], fromJobs: [...fromJobs.values()] };
  }

  async columnEdgesOf(datasetKeys: string[]): Promise<StoredColumnEdge[]> {
    return this.inChunks(datasetKeys, async part =>
      (await this.db(COLUMN_EDGES).whereIn('dataset_key', part)).map(row => ({
        datasetKey: row.dataset_key,
        field: row.field,
        inputDatasetKey: row.input_dataset_key,
        inputField: row.input_field,
        jobKey: row.job_key,
        ...(row.transformation ? { transformation: row.transformation } : {}),
      })),
    );
  }

  async readsOf(datasetKeys: string[], since: number): Promise<StoredRead[]> {
    return this.inChunks(datasetKeys, async part =>
      (
        await this.db(`${RUN_DATASETS} as rd`)
          .join(`${JOBS} as j`, 'j.key', 'rd.job_key')
          .whereIn('rd.dataset_key', part)
          .andWhere('rd.direction', 'input')
          .andWhere('rd.event_time', '>=', since)
          .select(
            'rd.run_id',
            'rd.event_time',
            'rd.job_key',
            'j.namespace',
            'j.name',
            'j.data_product',
          )
      ).map(row => ({
        runId: row.run_id,
        eventTime: Number(row.event_time),
        jobKey: row.job_key,
        jobNamespace: row.namespace,
        jobName: row.name,
        ...(row.data_product ? { dataProduct: row.data_product } : {}),
      })),
    );
  }

  async usageOf(datasetRefs: string[], sinceDay: string): Promise<UsageRow[]> {
    return this.inChunks(datasetRefs, async part =>
      (
        await this.db(USAGE)
          .whereIn('dataset_ref', part)
          .andWhere('day', '>=', sinceDay)
      ).map(row => ({
        datasetRef: row.dataset_ref,
        consumer: row.consumer,
        day: row.day,
        source: row.source,
        reads: Number(row.reads),
      })),
    );
  }

  async putUsage(rows: UsageRow[], now: Date) {
    const unique = new Map(
      rows.map(r => [[r.datasetRef, r.consumer, r.day, r.source].join('|'), r]),
    );
    await this.db.transaction(async tx => {
      await upsertInChunks(tx, {
        table: USAGE,
        items: [...unique.values()],
        size: CHUNK,
        toRow: r => ({
          dataset_ref: r.datasetRef,
          consumer: r.consumer,
          day: r.day,
          source: r.source,
          reads: r.reads,
          updated_at: now,
        }),
        onConflict: ['dataset_ref', 'consumer', 'day', 'source'],
        merge: ['reads', 'updated_at'],
      });
    });
  }

  async listUnmatched(limit: number) {
    return (
      await this.db(DATASETS)
        .whereNull('dataset_ref')
        .orderBy('last_seen', 'desc')
        .limit(limit)
    ).map(toDataset);
  }

  async listUnmapped() {
    const [datasets, jobs] = await Promise.all([
      this.db(DATASETS).whereNull('dataset_ref'),
      this.db(JOBS).whereNull('data_product'),
    ]);
    return { datasets: datasets.map(toDataset), jobs: jobs.map(toJob) };
  }

  async setDatasetRef(key: string, ref: string | undefined) {
    await this.db(DATASETS)
      .where({ key })
      .update({ dataset_ref: ref ?? null });
  }

  async setJobProduct(key: string, product: string | undefined) {
    await this.db(JOBS)
      .where({ key })
      .update({ data_product: product ?? null });
  }

  async listMappedEdges() {
    const rows = await this.db(`${EDGES} as e`)
      .join(`${DATASETS} as d`, 'd.key', 'e.dataset_key')
      .join(`${JOBS} as j`, 'j.key', 'e.job_key')
      .whereNotNull('d.dataset_ref')
      .whereNotNull('j.data_product')
      .distinct('d.dataset_ref', 'j.data_product', 'e.direction');
    return rows.map(row => ({
      datasetRef: row.dataset_ref as string,
      dataProduct: row.data_product as string,
      direction: row.direction as 'input' | 'output',
    }));
  }

  async recordUndeclared(
    rows: Array<{ datasetRef: string; consumer: string; jobKey: string }>,
    now: Date,
  ) {
    const unique = new Map(rows.map(r => [`${r.datasetRef}|${r.consumer}`, r]));
    if (unique.size === 0) return [];
    return this.db.transaction(async tx => {
      await upsertInChunks(tx, {
        table: UNDECLARED,
        items: [...unique.values()],
        size: CHUNK,
        toRow: r => ({
          dataset_ref: r.datasetRef,
          consumer: r.consumer,
          job_key: r.jobKey,
          first_seen: now,
          last_seen: now,
        }),
        onConflict: ['dataset_ref', 'consumer'],
        merge: ['last_seen', 'job_key'],
      });
      const pending: UndeclaredRow[] = [];
      for (const r of unique.values()) {
        const row = await tx(UNDECLARED)
          .where({ dataset_ref: r.datasetRef, consumer: r.consumer })
          .whereNull('notified_at')
          .first();
        if (row) pending.push(toUndeclared(row));
      }
      return pending;
    });
  }

  async markNotified(
    rows: Array<{ datasetRef: string; consumer: string }>,
    at: Date,
  ) {
    for (const r of rows) {
      await this.db(UNDECLARED)
        .where({ dataset_ref: r.datasetRef, consumer: r.consumer })
        .whereNull('notified_at')
        .update({ notified_at: at });
    }
  }

  async undeclaredFor(datasetRefs: string[]) {
    return this.inChunks(datasetRefs, async part =>
      (await this.db(UNDECLARED).whereIn('dataset_ref', part)).map(
        toUndeclared,
      ),
    );
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    const ms = cutoff.getTime();
    const deleted = await this.db(EVENTS).where('event_time', '<', ms).delete();
    await this.db(RUN_DATASETS).where('event_time', '<', ms).delete();
    await this.db(EDGES).where('last_seen', '<', cutoff).delete();
    await this.db(COLUMN_EDGES).where('last_seen', '<', cutoff).delete();
    await this.db(JOBS).where('updated_at', '<', cutoff).delete();
    await this.db(DATASETS).where('last_seen', '<', cutoff).delete();
    await this.db(UNDECLARED).where('last_seen', '<', cutoff).delete();
    await this.db(USAGE)
      .where('day', '<', cutoff.toISOString().slice(0, 10))
      .delete();
    return deleted;
  }
}
