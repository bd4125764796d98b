export { accessRequestsApiRef } from './AccessRequestsApi';
export type { AccessRequestsApi } from './AccessRequestsApi';
export { AccessRequestsClient } from './AccessRequestsClient';
export type { AccessRequestsClientOptions } from './AccessRequestsClient';
