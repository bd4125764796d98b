/*
 * The platform provisioner interface and the extension point through which
 * backend modules add provisioners.
 */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ArchiveRequest, ArchiveResult } from './archive';
import type { JsonObject } from './json';
import type {
  ApplyOptions,
  OperationResult,
  ProvisioningInput,
  ProvisioningOperation,
  ProvisioningPlan,
  ProvisioningProblem,
  ReadActualStateOptions,
} from './provisioning';

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

/** Lets backend modules add platform provisioners. @public */
export interface DataProductsProvisionersExtensionPoint {
  addProvisioner(provisioner: PlatformProvisioner<any, any>): void;
}

/** @public */
export const dataProductsProvisionersExtensionPoint =
  createExtensionPoint<DataProductsProvisionersExtensionPoint>({
    id: 'data-products.provisioners',
  });
