import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ConsumptionResponse,
  LineageGraphResponse,
  LineageUsageResponse,
} from '@meshport/plugin-data-products-common';

/**
 * Runtime lineage (from OpenLineage events) and usage of Datasets and
 * DataProducts. Every method rejects with a `ResponseError` from
 * `@backstage/errors` when the backend answers with an error status.
 *
 * @public
 */
export interface LineageApi {
  /** Upstream and downstream datasets and jobs over `depth` hops (1 to 5, default 3). */
  getLineage(entityRef: string, depth?: number): Promise<LineageGraphResponse>;
  /** Reads per consumer per day over the last `days` days (default 30), last read, readers in 30 days. */
  getUsage(entityRef: string, days?: number): Promise<LineageUsageResponse>;
  /**
   * Who consumes a Dataset (or a DataProduct's datasets) and what a product
   * consumes: declared, requested, granted or read, one answer for every tab.
   */
  getConsumption(entityRef: string): Promise<ConsumptionResponse>;
}

/**
 * The reference to the {@link LineageApi}.
 *
 * @public
 */
export const lineageApiRef = createApiRef<LineageApi>({
  id: 'plugin.data-products.lineage',
});
