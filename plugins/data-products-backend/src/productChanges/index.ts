/*
 * The product-changes feature, wired: the Provisioning tab's "what this
 * product's last run changed", over the provisioning store's runs.
 */
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ProvisioningStore } from '../provisioning/ProvisioningStore';
import type { PipelineScope } from '../pipelines/pipelineScopes';
import type { ProductChangesStore } from './ProductChangesStore';
import { ProductChangesService } from './ProductChangesService';
import type { ApiRouter } from '../lib/http';
import { registerProductChangesRoutes } from './router';

export function createProductChangesFeature(options: {
  store: ProductChangesStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  pipelineScopes: PipelineScope[];
  runs: ProvisioningStore;
}) {
  const service = new ProductChangesService(options.runs, options.store);
  return {
    service,
    routes: (router: ApiRouter) =>
      registerProductChangesRoutes(router, { ...options, service }),
  };
}
