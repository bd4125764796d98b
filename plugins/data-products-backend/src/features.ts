/*
 * How the plugin's features (provisioning, access requests, SLOs, retirement)
 * talk to each other inside the backend. Each feature lives in its own folder
 * (src/provisioning, src/access, src/slo, src/retirement) with its own store,
 * migrations and router; wiring.ts builds them in dependency order, each
 * given what it needs through these interfaces only, so that no feature
 * reaches into another's tables.
 */
import type {
  AccessRequest,
  Consumption,
} from '@meshport/plugin-data-products-common';

/** Where a data product stands in its retirement. */
export type RetirementState = 'retiring' | 'retired';

/** What retirement tells the other features. */
export interface RetirementStatusService {
  /**
   * The retirement state of the product that holds this dataset (full Dataset
   * ref), or undefined when it is not being retired. Access requests refuse
   * new requests for a retiring or retired product's datasets.
   */
  getDatasetRetirementState(
    datasetRef: string,
  ): Promise<RetirementState | undefined>;
  /** The same, for a DataProduct ref. */
  getProductRetirementState(
    productRef: string,
  ): Promise<RetirementState | undefined>;
}

/** What access requests offer to retirement. */
export interface AccessGrantsService {
  /** Active (approved or granted) requests for any of these datasets (full Dataset refs). */
  listActiveForDatasets(datasetRefs: string[]): Promise<AccessRequest[]>;
  /** Active requests whose consumer is this product (its inputs). */
  listActiveForConsumer(productRef: string): Promise<AccessRequest[]>;
  /**
   * Revokes every active request for these datasets and closes their pending
   * ones (denied, with the note), as `actor`. Idempotent: a second call
   * changes nothing. Records events, notifies consumers, triggers a reconcile
   * of the consumers. Returns the requests it changed.
   */
  revokeAllForDatasets(
    datasetRefs: string[],
    options: { actor: string; note: string },
  ): Promise<AccessRequest[]>;
  /**
   * The same for the requests this product made as a consumer (its inputs):
   * a retired product's roles lose their access, and the history says why.
   */
  revokeAllForConsumer(
    productRef: string,
    options: { actor: string; note: string },
  ): Promise<AccessRequest[]>;
}

/** What access requests offer to the consumption model. */
export interface OpenAccessRequestsService {
  /** Open (pending, approved, granted) requests for any of these datasets. */
  listOpenForDatasets(datasetRefs: string[]): Promise<AccessRequest[]>;
  /** Open requests whose consumer is this product. */
  listOpenForConsumer(productRef: string): Promise<AccessRequest[]>;
}

/** What SLOs offer to retirement. */
export interface SloMonitoringService {
  /** Stops collecting and evaluating these datasets' SLOs (keeps their history). Idempotent. */
  stopMonitoring(datasetRefs: string[]): Promise<void>;
  /** Resumes them (a cancelled retirement). Idempotent. */
  resumeMonitoring(datasetRefs: string[]): Promise<void>;
}

/** What lineage offers to retirement: who read a product's datasets lately. */
export interface DatasetReadsService {
  /** Last read and readers in the last 30 days of the product's datasets, by other products. */
  summarizeReads(
    productRef: string,
  ): Promise<{ lastRead?: string; readersLast30Days: string[] }>;
}

/** What lineage offers to the consumption model: undeclared reads. */
export interface UndeclaredReadsService {
  undeclaredReadsOf(
    datasetRefs: string[],
  ): Promise<Array<{ dataset: string; consumer: string }>>;
}

/** What the consumption model offers to retirement: every consumer of datasets. */
export interface ConsumersService {
  consumersOf(datasetRefs: string[]): Promise<Consumption[]>;
}
