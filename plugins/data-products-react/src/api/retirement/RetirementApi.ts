import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CancelRetirementRequest,
  DataProductRetirementResponse,
  Retirement,
  RetirementStatusResponse,
  StartRetirementRequest,
} from '@meshport/plugin-data-products-common';

/**
 * The retirement of data products, as the frontend sees it. Every method
 * rejects with a `ResponseError` from `@backstage/errors` when the backend
 * answers with an error status (400 naming the field, 403, 404, 409).
 *
 * @public
 */
export interface RetirementApi {
  /** A product's retirement (the active or latest one), its steps, its usage and the notice policy. */
  getRetirement(entityRef: string): Promise<DataProductRetirementResponse>;
  /** Whether a DataProduct or Dataset is retiring or retired, for banners. */
  getRetirementStatus(entityRef: string): Promise<RetirementStatusResponse>;
  /** Starts a retirement (owners and admins). */
  startRetirement(request: StartRetirementRequest): Promise<Retirement>;
  /** Runs the steps now: no consumer left, or a retry after a failure. */
  confirmRetirement(id: string): Promise<Retirement>;
  /** Withdraws a retirement before its steps start. */
  cancelRetirement(
    id: string,
    request?: CancelRetirementRequest,
  ): Promise<Retirement>;
}

/**
 * The reference to the {@link RetirementApi}.
 *
 * @public
 */
export const retirementApiRef = createApiRef<RetirementApi>({
  id: 'plugin.data-products.retirement',
});
