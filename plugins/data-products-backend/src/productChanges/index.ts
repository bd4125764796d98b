/*
 * The product-changes feature, wired: the Provisioning tab's "what this
 * product's last run changed", over the provisioning store's runs.
 */
import type {
  DatabaseService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ProvisioningStore } from '../provisioning/ProvisioningStore';
import type { PipelineScope } from '../pipelines/pipelineScopes';
import { DatabaseProductChangesStore } from './ProductChangesStore';
import { ProductChangesService } from './ProductChangesService';
import type { ApiRouter } from '../lib/http';
import { registerProductChangesRoutes } from './router';

export async function createProductChangesFeature(options: {
  database: DatabaseService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  pipelineScopes: PipelineScope[];
  runs: ProvisioningStore;
}) {
  const service = new ProductChangesService(
    options.runs,
    await DatabaseProductChangesStore.create(options),
  );
  return {
    service,
    routes: (router: ApiRouter) =>
      registerProductChangesRoutes(router, { ...options, service }),
  };
}
