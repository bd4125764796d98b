/*
 * Contracts: the ODCS contract of a Dataset and the ODPS document of a DataProduct, served from
 * the catalog (the mapping is pure, in the common package).
 */
import type {
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { ContractsService } from './ContractsService';
import { createContractsRouter } from './router';

export { ContractsService } from './ContractsService';
export { createContractsRouter } from './router';

export function createContractsFeature(options: {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  environments: MeshportEnvironment[];
}) {
  const service = new ContractsService(options);
  return { service, router: createContractsRouter({ ...options, service }) };
}
