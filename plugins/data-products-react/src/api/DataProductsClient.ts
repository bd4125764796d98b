import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  DataProductProvisioningPlanResponse,
  ListProvisioningRunsRequest,
  ListProvisioningRunsResponse,
  ProductProvisioningChanges,
  ProvisioningRunDetails,
  TriggerProvisioningRunRequest,
  TriggerProvisioningRunResponse,
} from '@meshport/plugin-data-products-common';
import type { DataProductsApi } from './DataProductsApi';

/** The plugin id the data-products backend is mounted under. */
const PLUGIN_ID = 'data-products';

/**
 * Options of {@link DataProductsClient}.
 *
 * @public
 */
export interface DataProductsClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * The {@link DataProductsApi} over HTTP, against the data-products backend.
 *
 * @public
 */
export class DataProductsClient implements DataProductsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: DataProductsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getProvisioningPlan(
    entityRef: string,
  ): Promise<DataProductProvisioningPlanResponse> {
    return this.request(`/provisioning/plan${toQuery({ entityRef })}`);
  }

  async listProvisioningRuns(
    request: ListProvisioningRunsRequest,
  ): Promise<ListProvisioningRunsResponse> {
    const { entityRef, status, limit, offset } = request;
    return this.request(
      `/provisioning/runs${toQuery({ entityRef, status, limit, offset })}`,
    );
  }

  async getProvisioningRun(id: string): Promise<ProvisioningRunDetails> {
    return this.request(`/provisioning/runs/${encodeURIComponent(id)}`);
  }

  async getProductProvisioningChanges(
    entityRef: string,
  ): Promise<ProductProvisioningChanges> {
    return this.request(
      `/provisioning/changes?${new URLSearchParams({ entityRef })}`,
    );
  }

  async triggerProvisioningRun(
    request: TriggerProvisioningRunRequest,
  ): Promise<TriggerProvisioningRunResponse> {
    return this.request('/provisioning/runs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  /** Calls the backend; rejects with a ResponseError on any non-2xx answer. */
  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** `?a=1&b=2` from the defined values, or an empty string. */
function toQuery(params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) {
      query.set(key, String(value));
    }
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
