import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CreateSloMeasurementsRequest,
  CreateSloMeasurementsResponse,
  DatasetSloReport,
  SloStatus,
  SloStatusesResponse,
  SloSummaryResponse,
} from '@meshport/plugin-data-products-common';

/**
 * The SLO part of the Meshport data-products backend (`/slo` routes), as the
 * frontend sees it.
 *
 * Every method rejects with a `ResponseError` from `@backstage/errors` when
 * the backend answers with an error status.
 *
 * @public
 */
export interface SlosApi {
  /**
   * Every SLO a Dataset declares, evaluated now: SLI against target, status,
   * error budget, burn rate, the window's series and recent breaches.
   *
   * @param datasetRef - a Dataset entity ref: `dataset:default/orders`,
   *   `default/orders` or `orders`.
   */
  getDatasetSloReport(datasetRef: string): Promise<DatasetSloReport>;

  /**
   * The compact SLO status of every Dataset of one DataProduct.
   *
   * @param dataProductRef - full or short ref of the DataProduct.
   */
  getSloSummary(dataProductRef: string): Promise<SloSummaryResponse>;

  /**
   * The worst SLO status of every Dataset with SLOs the viewer may see and of
   * every DataProduct (its worst dataset's).
   *
   * @param filter - only these statuses and/or these entity refs.
   */
  getSloStatuses(filter?: {
    status?: SloStatus[];
    entityRefs?: string[];
  }): Promise<SloStatusesResponse>;

  /** Records measurements (what pipelines push); stored whole or not at all. */
  createSloMeasurements(
    request: CreateSloMeasurementsRequest,
  ): Promise<CreateSloMeasurementsResponse>;
}

/**
 * The reference to the {@link SlosApi}.
 *
 * @public
 */
export const slosApiRef = createApiRef<SlosApi>({
  id: 'plugin.data-products.slos',
});
