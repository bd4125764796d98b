import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  ConsumptionResponse,
  DataProductsRestClient,
  LineageGraphResponse,
  LineageUsageResponse,
} from '@meshport/plugin-data-products-common';
import { createRestClient, unwrap } from '../restClient';
import type { LineageApi } from './LineageApi';

/**
 * Options of {@link LineageClient}.
 *
 * @public
 */
export interface LineageClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * The {@link LineageApi} over HTTP, against the data-products backend.
 *
 * @public
 */
export class LineageClient implements LineageApi {
  private readonly client: DataProductsRestClient;

  constructor(options: LineageClientOptions) {
    this.client = createRestClient(options);
  }

  async getLineage(
    entityRef: string,
    depth = 3,
  ): Promise<LineageGraphResponse> {
    return unwrap(
      this.client.getLineageGraph({
        query: { entityRef, depth: String(depth) },
      }),
    );
  }

  async getUsage(entityRef: string, days = 30): Promise<LineageUsageResponse> {
    return unwrap(
      this.client.getLineageUsage({ query: { entityRef, days: String(days) } }),
    );
  }

  async getConsumption(entityRef: string): Promise<ConsumptionResponse> {
    return unwrap(this.client.getConsumption({ query: { entityRef } }));
  }
}
