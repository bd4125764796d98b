/*
 * Where lineage events, the graph derived from them and usage live.
 */
import type { LineageEventType } from '@meshport/plugin-data-products-common';
import type { EventRow, LineageRows } from './extract';

export interface StoredJob {
  key: string;
  namespace: string;
  name: string;
  dataProduct?: string;
  lastRunId?: string;
  lastState?: LineageEventType;
  lastEventTime?: number;
}

export interface StoredDataset {
  key: string;
  namespace: string;
  name: string;
  datasetRef?: string;
  fields: Array<{ name: string; type?: string }>;
  lastSeen: Date;
}

export interface StoredEdge {
  jobKey: string;
  datasetKey: string;
  direction: 'input' | 'output';
  lastSeen: Date;
}

export interface StoredColumnEdge {
  datasetKey: string;
  field: string;
  inputDatasetKey: string;
  inputField: string;
  jobKey: string;
  transformation?: string;
}

/** One run reading a dataset, with the job's product. */
export interface StoredRead {
  runId: string;
  eventTime: number;
  jobKey: string;
  jobNamespace: string;
  jobName: string;
  dataProduct?: string;
}

export interface UsageRow {
  datasetRef: string;
  consumer: string;
  day: string;
  source: string;
  reads: number;
}

export interface UndeclaredRow {
  datasetRef: string;
  consumer: string;
  jobKey: string;
  firstSeen: Date;
  lastSeen: Date;
  notifiedAt?: Date;
}

export interface LineageStore {
  /**
   * Stores the events not stored before (by run id, type and time) and, in the
   * same transaction, the graph rows `derive` makes of those new ones.
   * Returns the new events.
   */
  ingest(
    events: EventRow[],
    derive: (newEvents: EventRow[]) => LineageRows,
    now: Date,
  ): Promise<{ stored: EventRow[]; rows: LineageRows }>;
  datasetsByRefs(refs: string[]): Promise<StoredDataset[]>;
  datasetsByKeys(keys: string[]): Promise<StoredDataset[]>;
  jobsByKeys(keys: string[]): Promise<StoredJob[]>;
  jobsOfProducts(products: string[]): Promise<StoredJob[]>;
  edgesOfDatasets(
    keys: string[],
    direction: 'input' | 'output',
  ): Promise<StoredEdge[]>;
  edgesOfJobs(
    keys: string[],
    direction: 'input' | 'output',
  ): Promise<StoredEdge[]>;
  /**
   * One hop in one round trip: the edges from these datasets into jobs
   * (direction `into`), and those jobs' edges of direction `out`.
   */
  hop(
    datasetKeys: string[],
    into: 'input' | 'output',
    out: 'input' | 'output',
  ): Promise<{ toJobs: StoredEdge[]; fromJobs: StoredEdge[] }>;
  columnEdgesOf(datasetKeys: string[]): Promise<StoredColumnEdge[]>;
  /** Runs that read any of these datasets since `since` (ms). */
  readsOf(datasetKeys: string[], since: number): Promise<StoredRead[]>;
  /** Reads collectors reported for these Dataset refs since the day (YYYY-MM-DD). */
  usageOf(datasetRefs: string[], sinceDay: string): Promise<UsageRow[]>;
  /** Sets (not adds) the reads of each row: a collector reports whole days. */
  putUsage(rows: UsageRow[], now: Date): Promise<void>;
  listUnmatched(limit: number): Promise<StoredDataset[]>;
  /** Datasets and jobs not matched yet, to match again after catalog changes. */
  listUnmapped(): Promise<{ datasets: StoredDataset[]; jobs: StoredJob[] }>;
  setDatasetRef(key: string, ref: string | undefined): Promise<void>;
  setJobProduct(key: string, product: string | undefined): Promise<void>;
  /** Every (dataset ref, job product, direction) pair, for the catalog relations. */
  listMappedEdges(): Promise<
    Array<{
      datasetRef: string;
      dataProduct: string;
      direction: 'input' | 'output';
    }>
  >;
  /** Records an undeclared read (first/last seen); returns the rows never notified. */
  recordUndeclared(
    rows: Array<{ datasetRef: string; consumer: string; jobKey: string }>,
    now: Date,
  ): Promise<UndeclaredRow[]>;
  markNotified(
    rows: Array<{ datasetRef: string; consumer: string }>,
    at: Date,
  ): Promise<void>;
  undeclaredFor(datasetRefs: string[]): Promise<UndeclaredRow[]>;
  /** Deletes whatever was last seen before `cutoff`. Returns the number of events deleted. */
  deleteOlderThan(cutoff: Date): Promise<number>;
}
