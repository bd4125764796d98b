export { dataProductsApiRef } from './DataProductsApi';
export type { DataProductsApi } from './DataProductsApi';
export { DataProductsClient } from './DataProductsClient';
export type { DataProductsClientOptions } from './DataProductsClient';
export { isNotAllowedError } from './errors';
