import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  DataProductProvisioningPlanResponse,
  DataProductsRestClient,
  ListProvisioningRunsRequest,
  ListProvisioningRunsResponse,
  ProductProvisioningChanges,
  ProductRunChanges,
  ProvisioningRunDetails,
  TriggerProvisioningRunRequest,
  TriggerProvisioningRunResponse,
} from '@meshport/plugin-data-products-common';
import type { DataProductsApi } from './DataProductsApi';
import { createRestClient, unwrap } from './restClient';

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
  private readonly client: DataProductsRestClient;

  constructor(options: DataProductsClientOptions) {
    this.client = createRestClient(options);
  }

  async getProvisioningPlan(
    entityRef: string,
  ): Promise<DataProductProvisioningPlanResponse> {
    return unwrap(this.client.getProvisioningPlan({ query: { entityRef } }));
  }

  async listProvisioningRuns(
    request: ListProvisioningRunsRequest,
  ): Promise<ListProvisioningRunsResponse> {
    const { entityRef, status, limit, offset } = request;
    return unwrap(
      this.client.listProvisioningRuns({
        query: {
          entityRef,
          status,
          limit: limit === undefined ? undefined : String(limit),
          offset: offset === undefined ? undefined : String(offset),
        },
      }),
    );
  }

  async getProvisioningRun(id: string): Promise<ProvisioningRunDetails> {
    return unwrap(this.client.getProvisioningRun({ path: { id }, query: {} }));
  }

  async getProductProvisioningChanges(
    entityRef: string,
  ): Promise<ProductProvisioningChanges> {
    return unwrap(
      this.client.getProductProvisioningChanges({ query: { entityRef } }),
    );
  }

  async getProductRunChanges(
    entityRef: string,
    runIds: string[],
  ): Promise<ProductRunChanges> {
    return unwrap(
      this.client.getProductRunChanges({
        query: { entityRef, runIds: runIds.join(',') },
      }),
    );
  }

  async triggerProvisioningRun(
    request: TriggerProvisioningRunRequest,
  ): Promise<TriggerProvisioningRunResponse> {
    return unwrap(this.client.triggerProvisioningRun({ body: request }));
  }
}
