import { createApiRef } from '@backstage/core-plugin-api';
import type {
  JsonObject,
  PendingVersionsResponse as RestPendingVersionsResponse,
} from '@meshport/plugin-data-products-common';

/** `odcs` for a Dataset's data contract, `odps` for a DataProduct's document. @public */
export type ContractFormat = 'odcs' | 'odps';

/** A contract as a file to save: its name and YAML text. @public */
export interface ContractFile {
  fileName: string;
  text: string;
}

/** Newer major versions that replace a Dataset. @public */
export type PendingVersionsResponse = RestPendingVersionsResponse;

/**
 * The ODCS contracts of Datasets and the ODPS documents of DataProducts, as the data-products
 * backend exports them from the catalog.
 *
 * @public
 */
export interface ContractsApi {
  /** The document as JSON, for display. */
  getContract(entityRef: string, format: ContractFormat): Promise<JsonObject>;
  /** The document as a YAML file, for download. */
  getContractFile(
    entityRef: string,
    format: ContractFormat,
  ): Promise<ContractFile>;
  /** Newer major versions, published as other Datasets, that replace this Dataset. */
  getPendingVersions(datasetRef: string): Promise<PendingVersionsResponse>;
}

/** @public */
export const contractsApiRef = createApiRef<ContractsApi>({
  id: 'plugin.data-products.contracts',
});
