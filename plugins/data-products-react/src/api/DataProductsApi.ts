import { createApiRef } from '@backstage/core-plugin-api';
import type {
  DataProductProvisioningPlanResponse,
  ListProvisioningRunsRequest,
  ListProvisioningRunsResponse,
  ProductProvisioningChanges,
  ProductRunChanges,
  ProvisioningRunDetails,
  TriggerProvisioningRunRequest,
  TriggerProvisioningRunResponse,
} from '@meshport/plugin-data-products-common';

/**
 * The Meshport data-products backend, as the frontend sees it. Grouped by
 * feature (provisioning today; access requests and SLOs next) so that each
 * feature adds its methods without touching the others.
 *
 * Every method rejects with a `ResponseError` from `@backstage/errors` when
 * the backend answers with an error status; {@link isNotAllowedError} tells
 * a permission refusal apart.
 *
 * @public
 */
export interface DataProductsApi {
  /**
   * The provisioning view of one DataProduct: the mode, each provisioner's
   * desired resources for the product, pending operations, problems and the
   * latest run covering it.
   */
  getProvisioningPlan(
    entityRef: string,
  ): Promise<DataProductProvisioningPlanResponse>;

  /** Provisioning runs, newest first. */
  listProvisioningRuns(
    request: ListProvisioningRunsRequest,
  ): Promise<ListProvisioningRunsResponse>;

  /** One run with its operations (only those of products the caller may read). */
  getProvisioningRun(id: string): Promise<ProvisioningRunDetails>;

  /** What one DataProduct's latest run changed, with a diff of each change. */
  getProductProvisioningChanges(
    entityRef: string,
  ): Promise<ProductProvisioningChanges>;

  /** What each of the runs changed for one DataProduct (its run history's counts). */
  getProductRunChanges(
    entityRef: string,
    runIds: string[],
  ): Promise<ProductRunChanges>;

  /** Queues a reconcile of one DataProduct (or, without `entityRef`, the whole mesh). */
  triggerProvisioningRun(
    request: TriggerProvisioningRunRequest,
  ): Promise<TriggerProvisioningRunResponse>;
}

/**
 * The reference to the {@link DataProductsApi}.
 *
 * @public
 */
export const dataProductsApiRef = createApiRef<DataProductsApi>({
  id: 'plugin.data-products.api',
});
