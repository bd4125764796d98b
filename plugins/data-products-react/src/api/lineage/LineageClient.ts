import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ConsumptionResponse,
  LineageGraphResponse,
  LineageUsageResponse,
} from '@meshport/plugin-data-products-common';
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
  constructor(private readonly options: LineageClientOptions) {}

  async getLineage(
    entityRef: string,
    depth = 3,
  ): Promise<LineageGraphResponse> {
    return this.get('/lineage/graph', { entityRef, depth: String(depth) });
  }

  async getUsage(entityRef: string, days = 30): Promise<LineageUsageResponse> {
    return this.get('/lineage/usage', { entityRef, days: String(days) });
  }

  async getConsumption(entityRef: string): Promise<ConsumptionResponse> {
    return this.get('/consumption', { entityRef });
  }

  private async get<T>(
    path: string,
    query: Record<string, string>,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('data-products');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}?${new URLSearchParams(query)}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
