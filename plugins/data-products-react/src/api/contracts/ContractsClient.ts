import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { JsonObject } from '@meshport/plugin-data-products-common';
import type {
  ContractFile,
  ContractFormat,
  ContractsApi,
  PendingVersionsResponse,
} from './ContractsApi';

/** Options of {@link ContractsClient}. @public */
export interface ContractsClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * The {@link ContractsApi} over HTTP, against the data-products backend.
 *
 * @public
 */
export class ContractsClient implements ContractsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: ContractsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getContract(
    entityRef: string,
    format: ContractFormat,
  ): Promise<JsonObject> {
    const response = await this.request(entityRef, format, 'application/json');
    return (await response.json()) as JsonObject;
  }

  async getContractFile(
    entityRef: string,
    format: ContractFormat,
  ): Promise<ContractFile> {
    const response = await this.request(entityRef, format, 'application/yaml');
    const { name } = parseEntityRef(entityRef);
    return { fileName: `${name}.${format}.yaml`, text: await response.text() };
  }

  async getPendingVersions(
    datasetRef: string,
  ): Promise<PendingVersionsResponse> {
    const response = await this.request(
      datasetRef,
      undefined,
      'application/json',
      '/pending',
    );
    return (await response.json()) as PendingVersionsResponse;
  }

  private async request(
    entityRef: string,
    format: ContractFormat | undefined,
    accept: string,
    suffix = '',
  ): Promise<Response> {
    const { namespace, name } = parseEntityRef(entityRef);
    const baseUrl = await this.discoveryApi.getBaseUrl('data-products');
    const query = format ? `?format=${format}` : '';
    const response = await this.fetchApi.fetch(
      `${baseUrl}/contracts/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}${suffix}${query}`,
      { headers: { Accept: accept } },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
