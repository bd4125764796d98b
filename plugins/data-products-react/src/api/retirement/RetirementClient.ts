import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CancelRetirementRequest,
  DataProductRetirementResponse,
  Retirement,
  RetirementStatusResponse,
  StartRetirementRequest,
} from '@meshport/plugin-data-products-common';
import type { RetirementApi } from './RetirementApi';

/** The plugin id the data-products backend is mounted under. */
const PLUGIN_ID = 'data-products';

/**
 * Options of {@link RetirementClient}.
 *
 * @public
 */
export interface RetirementClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * The {@link RetirementApi} over HTTP, against the data-products backend.
 *
 * @public
 */
export class RetirementClient implements RetirementApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: RetirementClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getRetirement(
    entityRef: string,
  ): Promise<DataProductRetirementResponse> {
    return this.request(
      `/retirement?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }

  async getRetirementStatus(
    entityRef: string,
  ): Promise<RetirementStatusResponse> {
    return this.request(
      `/retirement/status?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }

  async startRetirement(request: StartRetirementRequest): Promise<Retirement> {
    return this.post('/retirement', request);
  }

  async confirmRetirement(id: string): Promise<Retirement> {
    return this.post(`/retirement/${encodeURIComponent(id)}/confirm`, {});
  }

  async cancelRetirement(
    id: string,
    request: CancelRetirementRequest = {},
  ): Promise<Retirement> {
    return this.post(`/retirement/${encodeURIComponent(id)}/cancel`, request);
  }

  private post<T>(path: string, body: object): Promise<T> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
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
