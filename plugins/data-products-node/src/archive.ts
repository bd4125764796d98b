/* Archiving a retiring product's data: what a provisioner is asked and reports. */
import type { JsonObject } from './json';
import type { ProvisioningInput, ProvisioningProblem } from './provisioning';

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
