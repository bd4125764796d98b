/**
 * Scaffolder actions that bootstrap Meshport data products, and the catalog
 * provider for the repositories they publish on the portal host.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import {
  catalogModuleMeshportLocalGit,
  scaffolderModuleDataProducts,
} from './module';
import { dataProductsModuleLocalGitPush } from './push/module';

/**
 * The three modules: the scaffolder actions, the catalog provider of local git
 * repositories, and the data-products route that pushes `meshport apply` to them. `backend.add(import('@meshport/plugin-scaffolder-backend-module-data-products'))`.
 *
 * @public
 */
export default createBackendFeatureLoader({
  loader() {
    return [
      scaffolderModuleDataProducts,
      catalogModuleMeshportLocalGit,
      dataProductsModuleLocalGitPush,
    ];
  },
});

export { catalogModuleMeshportLocalGit, scaffolderModuleDataProducts };
export { dataProductsModuleLocalGitPush };
export * from './actions';
export { LocalGitRepositories, REPO_NAME_PATTERN } from './lib/git';
export type { GitAuthor, PublishedRepository } from './lib/git';
export {
  LOCAL_GIT_LOCATION_TYPE,
  LocalGitLocationsProvider,
  localGitLocationEntity,
} from './catalog/LocalGitLocationsProvider';
export { LocalGitCatalogReader } from './catalog/LocalGitCatalogReader';
export { DataProductsBackendClient } from './lib/DataProductsBackendClient';
export type { ProvisioningApi } from './lib/DataProductsBackendClient';
