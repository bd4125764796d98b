/*
 * What provisioners plan from and produce: grants and the planning input,
 * scopes, problems, plans, operations and their results.
 */
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import type { JsonObject } from './json';

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
