/*
 * Extension points of the data-products backend plugin.
 *
 * Platform provisioners (AWS first; Databricks, Snowflake, ... later) and SLI
 * collectors are separate backend modules that register themselves here, so a
 * new platform never needs a change in the data-products backend itself.
 */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';

/*
 * JSON values. Structurally the same as `JsonValue` / `JsonObject` of
 * `@backstage/types`, so values typed with either are interchangeable.
 */

/** @public */
export type JsonPrimitive = number | string | boolean | null;
/** @public */
export type JsonObject = { [key in string]?: JsonValue };
/** @public */
export interface JsonArray extends Array<JsonValue> {}
/** @public */
export type JsonValue = JsonObject | JsonArray | JsonPrimitive;

/**
 * An approved, active grant as the backend stores it: the consuming data
 * product may read the dataset in the listed environments.
 *
 * @public
 */
export interface Grant {
  /** Stable id of the grant (the backend's primary key). */
  id: string;
  /** Full entity ref of the consuming DataProduct, e.g. `dataproduct:default/churn`. */
  consumer: string;
  /** Full entity ref of the Dataset, e.g. `dataset:default/orders`. */
  dataset: string;
  /**
   * Environment names in which the consumer's roles get the access. How a
   * provisioner maps them onto the environments holding the data (e.g.
   * `readsFrom`) is documented by each provisioner.
   */
  environments: string[];
  /** ISO 8601 timestamp after which the grant no longer applies. */
  validUntil?: string;
}

/** Everything a provisioner needs to compute the desired state. @public */
export interface ProvisioningInput {
  products: DataProductEntity[];
  datasets: DatasetEntity[];
  /** Active grants only; the backend drops revoked ones. */
  grants: Grant[];
  /** `meshport.environments` from app-config. */
  environments: MeshportEnvironment[];
}

/**
 * Limits a read or reconcile run to part of the mesh, e.g. the roles of the
 * products affected by one approval. Empty or missing lists mean "all".
 *
 * @public
 */
export interface ProvisioningScope {
  /** Full DataProduct entity refs. */
  dataProducts?: string[];
  environments?: string[];
}

/** @public */
export type ProblemSeverity = 'error' | 'warning';

/**
 * Something the provisioner could not (or will not) do, found while planning.
 * Errors stop only the resource they concern; the rest of the plan applies.
 *
 * @public
 */
export interface ProvisioningProblem {
  severity: ProblemSeverity;
  /** Full DataProduct entity ref the problem concerns, if any. */
  dataProduct?: string;
  environment?: string;
  /** Platform resource name or id the problem concerns, if any. */
  resource?: string;
  message: string;
}

/**
 * The desired state of one provisioner: JSON-serialisable, deterministic
 * (planning the same input twice yields deep-equal plans) so the backend can
 * store it, show it and compare runs.
 *
 * @public
 */
export interface ProvisioningPlan<TDesired = unknown> {
  /** Id of the provisioner that made the plan. */
  provisioner: string;
  /** Provisioner-specific desired state (documented by each provisioner). */
  desired: TDesired;
  problems: ProvisioningProblem[];
}

/** @public */
export type ProvisioningAction = 'create' | 'update' | 'delete';

/**
 * One change a provisioner will make to reach the desired state.
 *
 * @public
 */
export interface ProvisioningOperation {
  /**
   * Stable and deterministic: the same change on the same resource gets the
   * same id in every run (e.g. `aws:dev:update:iam-role:meshport-x-dev-owner`).
   */
  id: string;
  /** Id of the provisioner that will apply it. */
  provisioner: string;
  /** Environment name. */
  environment: string;
  /** Full DataProduct entity ref the resource belongs to, if any. */
  dataProduct?: string;
  action: ProvisioningAction;
  /**
   * Kind of platform resource, e.g. `iam-role`, `iam-managed-policy`,
   * `s3-prefix`, `glue-database`, `athena-workgroup`.
   */
  resourceType: string;
  /** Resource name or ARN. */
  resource: string;
  /** A sentence for people, e.g. "Create IAM role meshport-churn-dev-consumer". */
  description: string;
  /** Everything the provisioner needs to apply the operation on its own. */
  details: JsonObject;
}

/** @public */
export type OperationStatus = 'succeeded' | 'failed' | 'skipped';

/** @public */
export interface OperationResult {
  operationId: string;
  status: OperationStatus;
  /** Why it failed or was skipped. */
  error?: string;
  /** ISO 8601 timestamp. */
  finishedAt: string;
}

/** @public */
export interface ApplyOptions {
  /** Called as soon as each operation finishes, so progress can be stored. */
  onResult?(result: OperationResult): void | Promise<void>;
  /** Stop applying further operations once this signal aborts. */
  signal?: AbortSignal;
}

/** @public */
export interface ReadActualStateOptions {
  scope?: ProvisioningScope;
}

/**
 * A platform provisioner: turns products, datasets and grants into platform
 * resources (roles, policies, storage, catalogs) and keeps them reconciled.
 *
 * The reconciler calls `plan`, then `readActualState`, `diff` and `apply`;
 * in `plan` mode only `plan` is called and no cloud API is touched.
 *
 * @public
 */
export interface PlatformProvisioner<TDesired = unknown, TActual = unknown> {
  /** Unique id, e.g. `aws`; prefixes operation ids. */
  readonly id: string;
  /** Pure: computes the desired state. Must not call the platform. */
  plan(input: ProvisioningInput): Promise<ProvisioningPlan<TDesired>>;
  /** Reads the platform resources the plan (within the scope) concerns. */
  readActualState(
    plan: ProvisioningPlan<TDesired>,
    options?: ReadActualStateOptions,
  ): Promise<TActual>;
  /**
   * Pure, optional: problems found while reading the platform (credentials of
   * another account, a quota the plan would exceed), recorded with the run
   * like the plan's. Operations they concern are left out by `diff`.
   */
  problemsOf?(actual: TActual): ProvisioningProblem[];
  /** Pure: the ordered operations that turn `actual` into `desired`. */
  diff(
    desired: ProvisioningPlan<TDesired>,
    actual: TActual,
  ): ProvisioningOperation[];
  /** Applies operations in order and reports each result. */
  apply(
    operations: ProvisioningOperation[],
    options?: ApplyOptions,
  ): Promise<OperationResult[]>;
  /**
   * Optional, apply mode only, after `apply`: the ids of `input`'s grants
   * that the platform does not hold yet (e.g. a Lake Formation permission
   * missing). The backend shows only held grants as granted; the others
   * stay awaiting provisioning until a later run. Without it, every grant
   * of a run that was applied counts as held.
   */
  grantsNotHeld?(
    plan: ProvisioningPlan<TDesired>,
    input: ProvisioningInput,
  ): Promise<string[]>;
  /** Optional export of the desired state as Terraform JSON (`*.tf.json`). */
  renderTerraform?(plan: ProvisioningPlan<TDesired>): JsonObject;
  /**
   * Pure: the actual state once this plan is fully applied. Lets plan mode
   * show what changed since the last plan without calling the platform
   * (`diff(newPlan, assumeApplied(previousPlan))`). Without it, plan mode
   * records the plan but no operations.
   */
  assumeApplied?(plan: ProvisioningPlan<TDesired>): TActual;
  /**
   * Pure: the part of the desired state that belongs to one data product
   * (full, lowercase entity ref), e.g. its roles and their policies, for the
   * product's provisioning page. Without it, the page shows the whole
   * desired state.
   */
  resourcesOf?(
    plan: ProvisioningPlan<TDesired>,
    dataProductRef: string,
  ): JsonObject;
  /**
   * Archives a retiring product's data before its resources are released:
   * copies it to archive storage and keeps its metadata. Never deletes the
   * originals (that stays a decision for people). Idempotent: archiving again
   * copies only what is missing. In `plan` mode it must not call the
   * platform and reports `planned` operations. Without it, the retirement
   * records that this provisioner archived nothing.
   */
  archive?(request: ArchiveRequest): Promise<ArchiveResult>;
}

/**
 * What {@link PlatformProvisioner.archive} archives: one product, its
 * datasets and the environments.
 *
 * @public
 */
export interface ArchiveRequest {
  /** Id of the retirement; archive locations include it so they never collide. */
  retirementId: string;
  /** Full DataProduct ref (lowercase). */
  dataProduct: string;
  /** The product alone (`products: [product]`), its datasets, no grants, every environment. */
  input: ProvisioningInput;
  /** `plan`: report what would be copied; `apply`: copy. */
  mode: 'plan' | 'apply';
  signal?: AbortSignal;
}

/** @public */
export type ArchiveOperationStatus =
  | 'planned'
  | 'succeeded'
  | 'failed'
  | 'skipped';

/**
 * One thing archived (or planned), e.g. the objects under one S3 prefix
 * copied to the archive bucket.
 *
 * @public
 */
export interface ArchiveOperation {
  /** Stable: the same source and target give the same id. */
  id: string;
  environment: string;
  /** e.g. `s3-prefix`, `glue-database`. */
  resourceType: string;
  /** e.g. `s3://meshport-dev-datalake/sales/orders/`. */
  source: string;
  /** e.g. `s3://meshport-dev-archive/retired/.../sales/orders/`. */
  target: string;
  /** A sentence for people. */
  description: string;
  status: ArchiveOperationStatus;
  error?: string;
  /** e.g. `{ objects: 12, bytes: 3400, copied: 3 }`. */
  details?: JsonObject;
}

/** @public */
export interface ArchiveResult {
  operations: ArchiveOperation[];
  problems: ProvisioningProblem[];
}

/** Lets backend modules add platform provisioners. @public */
export interface DataProductsProvisionersExtensionPoint {
  addProvisioner(provisioner: PlatformProvisioner<any, any>): void;
}

/** @public */
export const dataProductsProvisionersExtensionPoint =
  createExtensionPoint<DataProductsProvisionersExtensionPoint>({
    id: 'data-products.provisioners',
  });

/**
 * One observation of a dataset, pushed by a pipeline or pulled by a
 * collector. SLIs (availability, completeness, freshness) are computed from
 * these.
 *
 * @public
 */
export interface Measurement {
  /** Full Dataset entity ref. */
  dataset: string;
  /** `update`: the data was (re)written; `availability`: a probe of whether it can be read. */
  kind: 'update' | 'availability';
  /** ISO 8601 timestamp of the observation. */
  at: string;
  /** Rows in the dataset after an update (feeds completeness). */
  rowCount?: number;
  /** Result of an availability probe. */
  available?: boolean;
  /** Environment the observation was made in, if the collector knows it. */
  environment?: string;
}

/**
 * Reads measurements from a platform, e.g. Glue table update times.
 *
 * @public
 */
export interface SliCollector {
  /** Unique id, e.g. `aws-glue`. */
  readonly id: string;
  /** Measurements of the given datasets taken after `since`. */
  collect(datasets: DatasetEntity[], since: Date): Promise<Measurement[]>;
}

/** Lets backend modules add SLI collectors. @public */
export interface DataProductsSliCollectorsExtensionPoint {
  addSliCollector(collector: SliCollector): void;
}

/** @public */
export const dataProductsSliCollectorsExtensionPoint =
  createExtensionPoint<DataProductsSliCollectorsExtensionPoint>({
    id: 'data-products.sli-collectors',
  });

/**
 * What a retirement tells a hook about the product it retires.
 *
 * @public
 */
export interface RetirementHookContext {
  retirementId: string;
  /** Full DataProduct ref (lowercase). */
  dataProduct: string;
  /** The product as the catalog held it when the retirement started. */
  entity?: DataProductEntity;
  /** Full Dataset refs of its datasets. */
  datasets: string[];
  reason: string;
  signal?: AbortSignal;
}

/**
 * A platform's part in retiring a data product, e.g. stopping its pipeline in
 * the orchestrator. Every method must be idempotent: after a crash the step
 * runs again.
 *
 * @public
 */
export interface DataProductsRetirementHook {
  /** Unique id, e.g. `airflow`. */
  readonly id: string;
  /**
   * Stops (pauses, undeploys) the product's pipelines, first step of a
   * retirement. Returns a sentence for people about what it did.
   */
  stopPipeline?(context: RetirementHookContext): Promise<{ note?: string }>;
}

/** Lets backend modules take part in retirements. @public */
export interface DataProductsRetirementHooksExtensionPoint {
  addRetirementHook(hook: DataProductsRetirementHook): void;
}

/** @public */
export const dataProductsRetirementHooksExtensionPoint =
  createExtensionPoint<DataProductsRetirementHooksExtensionPoint>({
    id: 'data-products.retirement-hooks',
  });

export * from './usage';
