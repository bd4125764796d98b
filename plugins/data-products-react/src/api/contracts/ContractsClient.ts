import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  DataProductsRestClient,
  JsonObject,
} from '@meshport/plugin-data-products-common';
import { createRestClient, succeeded, unwrap } from '../restClient';
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
 * The document describes `GET /contracts/:namespace/:name` with both of its
 * media types (YAML and JSON, chosen by `Accept`), but the generated client
 * sends no `Accept` and reads every answer as JSON; so this client holds one
 * generated client per media type (the request helper sets the header) and
 * reads the YAML answer as text.
 *
 * @public
 */
export class ContractsClient implements ContractsApi {
  private readonly json: DataProductsRestClient;
  private readonly yaml: DataProductsRestClient;

  constructor(options: ContractsClientOptions) {
    this.json = createRestClient({ ...options, accept: 'application/json' });
    this.yaml = createRestClient({ ...options, accept: 'application/yaml' });
  }

  async getContract(
    entityRef: string,
    format: ContractFormat,
  ): Promise<JsonObject> {
    return unwrap(this.json.getContract(contractRequest(entityRef, format)));
  }

  async getContractFile(
    entityRef: string,
    format: ContractFormat,
  ): Promise<ContractFile> {
    const request = contractRequest(entityRef, format);
    const response = await succeeded(this.yaml.getContract(request));
    return {
      fileName: `${request.path.name}.${format}.yaml`,
      text: await response.text(),
    };
  }

  async getPendingVersions(
    datasetRef: string,
  ): Promise<PendingVersionsResponse> {
    const { path } = contractRequest(datasetRef);
    return unwrap(this.json.getPendingContractVersions({ path }));
  }
}

function contractRequest(entityRef: string, format?: ContractFormat) {
  const { namespace, name } = parseEntityRef(entityRef);
  return { path: { namespace, name }, query: { format } };
}
