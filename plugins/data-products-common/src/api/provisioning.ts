/*
 * Request and response types of the provisioning routes of the data-products
 * backend (`/api/data-products/provisioning/...`), shared by the backend, the
 * frontend client and the CLI. Plain JSON: timestamps are ISO 8601 strings.
 */

/**
 * - plan: the reconciler records what it would change and never calls the
 *   platform (the default; no cloud credentials needed);
 * - apply: the reconciler changes the platform.
 */
export const PROVISIONING_MODES = ['plan', 'apply'] as const;
export type ProvisioningMode = (typeof PROVISIONING_MODES)[number];

/**
 * Why a run happened:
 * - schedule: the periodic full reconcile;
 * - catalog-change: the input (entities, grants, environments) changed since
 *   the last full run;
 * - grant-change: an access grant was approved, revoked or expired;
 * - manual: someone asked for it (portal button, CLI);
 * - startup: the first full run, or a provisioner added since the last one;
 * - retirement: a retiring product's resources are released.
 */
export const PROVISIONING_RUN_TRIGGERS = [
  'schedule',
  'catalog-change',
  'grant-change',
  'manual',
  'startup',
  'retirement',
] as const;
export type ProvisioningRunTrigger = (typeof PROVISIONING_RUN_TRIGGERS)[number];

/**
 * - queued: waiting for the reconciler;
 * - partial: finished, but some operation failed or the plan has errors.
 */
export const PROVISIONING_RUN_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'partial',
] as const;
export type ProvisioningRunStatus = (typeof PROVISIONING_RUN_STATUSES)[number];

/**
 * - planned: recorded in plan mode, never applied;
 * - pending: to be applied in this run, no result yet.
 */
export const PROVISIONING_OPERATION_STATUSES = [
  'planned',
  'succeeded',
  'failed',
  'skipped',
  'pending',
] as const;
export type ProvisioningOperationStatus =
  (typeof PROVISIONING_OPERATION_STATUSES)[number];

export type ProvisioningOperationAction = 'create' | 'update' | 'delete';

/** The part of the mesh a run covers. Missing or empty lists mean all. */
export interface ProvisioningRunScope {
  /** Full DataProduct entity refs. */
  dataProducts?: string[];
  environments?: string[];
}

/** Something a provisioner could not (or will not) do, found while planning. */
export interface ProvisioningRunProblem {
  severity: 'error' | 'warning';
  /** Id of the provisioner that reported it; absent for problems of the input itself. */
  provisioner?: string;
  /** Full DataProduct entity ref the problem concerns, if any. */
  dataProduct?: string;
  environment?: string;
  resource?: string;
  message: string;
}

/** What a run did, in numbers, plus the problems of the plan. */
export interface ProvisioningRunSummary {
  operations: number;
  byAction: Partial<Record<ProvisioningOperationAction, number>>;
  byStatus: Partial<Record<ProvisioningOperationStatus, number>>;
  problems: ProvisioningRunProblem[];
  /** Each provisioner that took part, with its operation count or its error. */
  provisioners: Array<{ id: string; operations: number; error?: string }>;
}

/** One provisioning run, without its operations. */
export interface ProvisioningRun {
  /** A UUID. */
  id: string;
  trigger: ProvisioningRunTrigger;
  mode: ProvisioningMode;
  status: ProvisioningRunStatus;
  /** Absent for a run over the whole mesh. */
  scope?: ProvisioningRunScope;
  /** Entity ref of the user who asked for the run, if a user did. */
  requestedBy?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Set once the run has finished. */
  summary?: ProvisioningRunSummary;
  /** Why the run failed as a whole. */
  error?: string;
  /** Hash of the input (entities, grants, environments) the run planned with. */
  inputFingerprint?: string;
}

/** One change a provisioner makes (or would make) to reach the desired state. */
export interface ProvisioningOperationInfo {
  /** Stable: the same change on the same resource has the same id in every run. */
  id: string;
  provisioner: string;
  environment: string;
  /** Full DataProduct entity ref the resource belongs to, if any. */
  dataProduct?: string;
  action: ProvisioningOperationAction;
  /** e.g. `iam-role`, `iam-managed-policy`, `s3-prefix`. */
  resourceType: string;
  /** Resource name or ARN. */
  resource: string;
  /** A sentence for people. */
  description: string;
  /** Provisioner-specific details (e.g. the policy document). */
  details: { [key: string]: unknown };
}

/** An operation as recorded in a run, with its outcome. */
export interface ProvisioningRunOperation extends ProvisioningOperationInfo {
  /** Order within the run, from 1. */
  seq: number;
  status: ProvisioningOperationStatus;
  error?: string;
  finishedAt?: string;
}

/** `GET /provisioning/runs/:id` */
export interface ProvisioningRunDetails extends ProvisioningRun {
  /** In the order they were planned and applied. */
  operations: ProvisioningRunOperation[];
}

/** Query of `GET /provisioning/runs`. */
export interface ListProvisioningRunsRequest {
  /** Runs that targeted or changed this DataProduct; without it, all runs. */
  entityRef?: string;
  status?: ProvisioningRunStatus;
  /** 1 to 100, default 20. */
  limit?: number;
  offset?: number;
}

/** `GET /provisioning/runs`, newest first. */
export interface ListProvisioningRunsResponse {
  items: ProvisioningRun[];
  totalCount: number;
}

/** The desired state of one provisioner for one data product. */
export interface DataProductProvisionerPlan {
  /** Provisioner id, e.g. `aws`. */
  id: string;
  /**
   * The product's part of the provisioner's desired state (for AWS: its
   * roles with their policies, Glue databases, Athena workgroups and bucket
   * prefixes per environment). The whole desired state when `filtered` is
   * false.
   */
  resources: { [key: string]: unknown };
  /** False when the provisioner cannot pick one product's resources. */
  filtered: boolean;
  /**
   * What the current desired state changes compared with the last recorded
   * plan (plan mode) or the last applied one (apply mode). Absent when the
   * provisioner cannot tell without calling the platform.
   */
  pendingOperations?: ProvisioningOperationInfo[];
  problems: ProvisioningRunProblem[];
}

/** `GET /provisioning/plan?entityRef=` */
export interface DataProductProvisioningPlanResponse {
  /** Full ref of the DataProduct. */
  entityRef: string;
  mode: ProvisioningMode;
  provisioners: DataProductProvisionerPlan[];
  /** Problems of the product itself, e.g. an invalid spec (it is then not provisioned). */
  problems: ProvisioningRunProblem[];
  /** The latest run covering the product (whole-mesh or targeting it). */
  lastRun?: ProvisioningRun;
}

/** Body of `POST /provisioning/runs`. */
export interface TriggerProvisioningRunRequest {
  /** Limit the run to one DataProduct; without it the run covers the whole mesh. */
  entityRef?: string;
  /** Limit the run to one environment (a name of `meshport.environments`). */
  environment?: string;
}

/** `POST /provisioning/runs` (202): the queued run. */
export interface TriggerProvisioningRunResponse {
  run: ProvisioningRun;
}

export const PROVISIONING_EXPORT_FORMATS = ['terraform', 'json'] as const;
export type ProvisioningExportFormat =
  (typeof PROVISIONING_EXPORT_FORMATS)[number];

/** `GET /provisioning/export?format=json`: every provisioner's desired state. */
export interface ProvisioningJsonExport {
  /** Set when the export is limited to one environment. */
  environment?: string;
  provisioners: Array<{
    id: string;
    desired: unknown;
    problems: ProvisioningRunProblem[];
  }>;
}

/**
 * Body of `POST /provisioning/preview`: draft entities of one product (at
 * most one DataProduct, and Datasets of that product), as they would be in
 * its catalog-info.yaml. The response is a
 * {@link DataProductProvisioningPlanResponse} (without `lastRun`): what the
 * provisioners would hold for the product with the drafts merged into the
 * current input, and the operations that would create or change it.
 */
export interface PreviewProvisioningRequest {
  entities: unknown[];
}

/** One line of a diff: kept, added or removed. */
export interface ProvisioningDiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** One change the product's last changing run made (or planned), with a diff to review. */
export interface ProductProvisioningChange extends ProvisioningRunOperation {
  /**
   * The reviewed part (a policy document, or the details) before and after,
   * line by line: a create is all added, a delete all removed. Absent when
   * the provisioner recorded nothing to compare.
   */
  diff?: ProvisioningDiffLine[];
  /** An update whose previous state no earlier run recorded: the diff shows only the new state. */
  previousUnknown?: boolean;
}

/** One product's operations in one run, by action (never the whole mesh's). */
export interface ProductChangeCounts {
  create: number;
  update: number;
  delete: number;
  failed: number;
}

/** `GET /provisioning/changes/runs?entityRef=&runIds=`: what each run changed for this product. */
export interface ProductRunChanges {
  entityRef: string;
  /** In the order asked; a run without an operation on the product counts zeros. */
  runs: Array<{ runId: string; counts: ProductChangeCounts }>;
}

/** `GET /provisioning/changes?entityRef=`: what this product's last run changed. */
export interface ProductProvisioningChanges {
  entityRef: string;
  /** The latest run with an operation on this product; absent before any. */
  run?: ProvisioningRun;
  /** This product's operations in that run, by action (never the whole mesh's). */
  counts: ProductChangeCounts;
  changes: ProductProvisioningChange[];
}
