import type {
  ProvisioningMode,
  ProvisioningOperationStatus,
  ProvisioningRun,
  ProvisioningRunOperation,
  ProvisioningRunScope,
  ProvisioningRunStatus,
  ProvisioningRunSummary,
  ProvisioningRunTrigger,
} from '@meshport/plugin-data-products-common';
import type {
  OperationResult,
  ProvisioningOperation,
  ProvisioningPlan,
} from '@meshport/plugin-data-products-node';

export interface CreateRunOptions {
  id: string;
  trigger: ProvisioningRunTrigger;
  mode: ProvisioningMode;
  /** `queued`, or `running` for a run that starts at once. */
  status: Extract<ProvisioningRunStatus, 'queued' | 'running'>;
  /** Undefined (or empty lists) for the whole mesh. */
  scope?: ProvisioningRunScope;
  requestedBy?: string;
  createdAt: Date;
}

export interface FinishRunOptions {
  status: Extract<ProvisioningRunStatus, 'succeeded' | 'failed' | 'partial'>;
  finishedAt: Date;
  summary: ProvisioningRunSummary;
  error?: string;
}

export interface ListRunsOptions {
  /** Runs that targeted or changed this product (full ref, any case). */
  dataProduct?: string;
  status?: ProvisioningRunStatus;
  limit: number;
  offset: number;
}

export interface FindLatestRunOptions {
  /** Only runs over the whole mesh. */
  fullScope?: boolean;
  /** Runs over the whole mesh, or that targeted or changed this product. */
  covering?: string;
}

export interface NewRunOperation {
  seq: number;
  operation: ProvisioningOperation;
  status: Extract<ProvisioningOperationStatus, 'planned' | 'pending'>;
}

export interface ProvisioningSnapshot {
  provisioner: string;
  plan: ProvisioningPlan;
  inputFingerprint: string;
  updatedAt: string;
}

/**
 * Persistence of provisioning runs, their operations and the provisioners'
 * snapshots. Everything the reconciler decides is a row here, so several
 * backend replicas on one database behave as one.
 */
export interface ProvisioningStore {
  createRun(options: CreateRunOptions): Promise<ProvisioningRun>;
  /** Moves a queued run to running; false if someone else already took it. */
  claimRun(id: string, startedAt: Date): Promise<boolean>;
  setRunInputFingerprint(id: string, fingerprint: string): Promise<void>;
  finishRun(id: string, options: FinishRunOptions): Promise<void>;
  /**
   * Marks every `running` run as failed with the given error: used when no
   * run can be in progress, i.e. the runs of a process that stopped.
   */
  failRunningRuns(finishedAt: Date, error: string): Promise<number>;
  getRun(id: string): Promise<ProvisioningRun | undefined>;
  /** Newest first. */
  listRuns(
    options: ListRunsOptions,
  ): Promise<{ items: ProvisioningRun[]; totalCount: number }>;
  /** The oldest queued run, if any. */
  getNextQueuedRun(): Promise<ProvisioningRun | undefined>;
  /** The newest run matching the options, whatever its status. */
  findLatestRun(
    options?: FindLatestRunOptions,
  ): Promise<ProvisioningRun | undefined>;
  /** Full refs (lowercase) of the products a run targeted or changed. */
  getRunProducts(id: string): Promise<string[]>;

  addOperations(runId: string, operations: NewRunOperation[]): Promise<void>;
  recordOperationResult(runId: string, result: OperationResult): Promise<void>;
  /** Ordered by seq. */
  listOperations(runId: string): Promise<ProvisioningRunOperation[]>;

  getSnapshot(provisioner: string): Promise<ProvisioningSnapshot | undefined>;
  saveSnapshot(snapshot: {
    provisioner: string;
    plan: ProvisioningPlan;
    inputFingerprint: string;
    updatedAt: Date;
  }): Promise<void>;
}
