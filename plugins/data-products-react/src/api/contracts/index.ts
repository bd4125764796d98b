export { contractsApiRef } from './ContractsApi';
export type {
  ContractsApi,
  ContractFile,
  ContractFormat,
  PendingVersionsResponse,
} from './ContractsApi';
export { ContractsClient } from './ContractsClient';
export type { ContractsClientOptions } from './ContractsClient';
