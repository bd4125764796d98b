import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  DataProductsRestClient,
  CancelRetirementRequest,
  DataProductRetirementResponse,
  Retirement,
  RetirementStatusResponse,
  StartRetirementRequest,
} from '@meshport/plugin-data-products-common';
import { createRestClient, unwrap } from '../restClient';
import type { RetirementApi } from './RetirementApi';

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
  private readonly client: DataProductsRestClient;

  constructor(options: RetirementClientOptions) {
    this.client = createRestClient(options);
  }

  async getRetirement(
    entityRef: string,
  ): Promise<DataProductRetirementResponse> {
    return unwrap(this.client.getRetirement({ query: { entityRef } }));
  }

  async getRetirementStatus(
    entityRef: string,
  ): Promise<RetirementStatusResponse> {
    return unwrap(this.client.getRetirementStatus({ query: { entityRef } }));
  }

  async startRetirement(request: StartRetirementRequest): Promise<Retirement> {
    return unwrap(this.client.startRetirement({ body: request }));
  }

  async confirmRetirement(id: string): Promise<Retirement> {
    return unwrap(this.client.confirmRetirement({ path: { id }, body: {} }));
  }

  async cancelRetirement(
    id: string,
    request: CancelRetirementRequest = {},
  ): Promise<Retirement> {
    return unwrap(
      this.client.cancelRetirement({ path: { id }, body: request }),
    );
  }
}
