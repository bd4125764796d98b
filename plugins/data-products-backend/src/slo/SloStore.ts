/*
 * What the SLO feature stores (see ./DatabaseSloStore.ts for the tables):
 * raw measurements for the windows, hourly/daily aggregates beyond them,
 * breaches, monitoring switches and collector positions. SloService and the
 * pure helpers depend on this interface, never on the knex class.
 */
import type { SloBreach, SloKind } from '@meshport/plugin-data-products-common';
import { normalizeEntityRef } from '../lib/entityRefs';

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

/** Entity refs compare case-insensitively; rows keep them lowercase (the plugin's one normalisation). */
export const normalizeDatasetRef = normalizeEntityRef;

/** Availability of a window in hourly events (see computeAvailability). */
export interface AvailabilityCounts {
  /** Hours with a check. */
  total: number;
  /** Hours whose checks all found the data available. */
  good: number;
  /** The same, for the hours from `recentFrom` on. */
  recentTotal: number;
  recentGood: number;
}

export interface WindowsOfManyRequest {
  to: number;
  updates: { dataset: string; from: number }[];
  baseline: number;
  availability: { dataset: string; from: number; recentFrom: number }[];
}

export interface WindowsOfMany {
  updates: Map<string, StoredMeasurement[]>;
  availability: Map<string, AvailabilityCounts>;
}

export interface SloStore {
  /**
   * Stores new measurements; ones already stored (same dataset, kind and
   * instant), or repeated within the batch, are counted as duplicates.
   */
  insertMeasurements(
    measurements: NewMeasurement[],
    receivedAt: Date,
  ): Promise<{ accepted: number; duplicates: number }>;
  /** Measurements of a dataset with `from <= at <= to`, oldest first. */
  listMeasurements(
    dataset: string,
    options: { from: number; to: number; kind?: MeasurementKind },
  ): Promise<StoredMeasurement[]>;
  /**
   * What the SLO statuses of many datasets need, in three queries however
   * many datasets there are: for `updates`, each dataset's updates with
   * `from <= at <= to` and the last `baseline` before `from`, oldest first;
   * for `availability`, each dataset's checks with `from <= at <= to`
   * counted in hourly events (all hours, and those from `recentFrom` on).
   * By lowercase dataset ref; datasets without any are absent.
   */
  readWindowsOfMany(request: WindowsOfManyRequest): Promise<WindowsOfMany>;
  /** The last `limit` updates of a dataset before `before`, oldest first. */
  listUpdatesBefore(
    dataset: string,
    before: number,
    limit: number,
  ): Promise<StoredMeasurement[]>;
  /** When the dataset's latest measurement of this kind was taken. */
  latestMeasurementAt(
    dataset: string,
    kind: MeasurementKind,
  ): Promise<number | undefined>;
  /** Whether any measurement of the dataset came from somewhere else than `source`. */
  hasMeasurementsNotFrom(dataset: string, source: string): Promise<boolean>;
  /**
   * Rolls the dataset's raw measurements older than `cutoff` up into
   * aggregates (merged with buckets already there) and deletes them.
   * Returns how many raw measurements were rolled up.
   */
  compact(dataset: string, cutoff: number): Promise<number>;
  /** Deletes aggregates of buckets that started before `cutoff`. */
  deleteAggregatesBefore(cutoff: number): Promise<number>;
  /** Datasets that have raw measurements older than `before`. */
  listDatasetsWithMeasurementsBefore(before: number): Promise<string[]>;
  /** Aggregates of a dataset with `from <= bucket_start <= to`, oldest first. */
  listAggregates(
    dataset: string,
    options: { kind: MeasurementKind; from: number; to: number },
  ): Promise<SloAggregate[]>;
  /** Inserts aggregates as they are (bulk loads, tests, benchmarks). */
  insertAggregates(dataset: string, aggregates: SloAggregate[]): Promise<void>;
  /** The open breaches of these datasets (all datasets when omitted). */
  listOpenBreaches(datasets?: string[]): Promise<StoredBreach[]>;
  /** The dataset's breaches, newest first. */
  listBreaches(
    dataset: string,
    options: { limit: number; kind?: SloKind },
  ): Promise<StoredBreach[]>;
  /** Whether the dataset has any breach row at all (open or closed). */
  hasBreaches(dataset: string): Promise<boolean>;
  /**
   * Opens a breach, unless one is already open for this dataset and kind
   * (then returns undefined): the unique open key makes this safe even if
   * two evaluations raced.
   */
  openBreach(options: {
    dataset: string;
    kind: SloKind;
    target: number;
    sli: number;
    at: number;
    sample: boolean;
  }): Promise<StoredBreach | undefined>;
  /** Closes an open breach; false when it was not open (any more). */
  closeBreach(
    id: string,
    options: { sli: number; at: number },
  ): Promise<boolean>;
  markNotified(id: string, which: 'open' | 'close', at: Date): Promise<void>;
  setMonitoring(datasets: string[], active: boolean, at: Date): Promise<void>;
  /** Datasets whose monitoring is stopped. */
  listStoppedDatasets(): Promise<Set<string>>;
  isMonitored(dataset: string): Promise<boolean>;
  getCollectedUntil(collector: string): Promise<number | undefined>;
  setCollectorState(
    collector: string,
    state: { collectedUntil: number; error?: string; at: Date },
  ): Promise<void>;
}
