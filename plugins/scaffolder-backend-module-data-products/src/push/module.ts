import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readEnvironmentsFromConfig } from '@meshport/plugin-data-products-common';
import { readPipelineScopes } from '@meshport/plugin-data-products-node';
import { readScaffolderDataProductsConfig } from '../config';
import { LocalGitRepositories } from '../lib/git';
import { LocalGitPushService } from './LocalGitPushService';
import { createLocalGitPushRouter } from './router';

/**
 * `POST /api/data-products/local-git/push`: `meshport apply` of a product kept in a repository
 * on the portal host commits its documents there (owners, admins and the product's pipelines
 * only) and has the catalog read them again.
 *
 * @public
 */
export const dataProductsModuleLocalGitPush = createBackendModule({
  pluginId: 'data-products',
  moduleId: 'local-git-push',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, httpAuth, httpRouter, auditor } = deps;
        const service = new LocalGitPushService({
          ...deps,
          repositories: new LocalGitRepositories({
            directory:
              readScaffolderDataProductsConfig(config).localGitDirectory,
          }),
          environments: readEnvironmentsFromConfig(config),
          pipelineScopes: readPipelineScopes(config),
        });
        httpRouter.use(
          createLocalGitPushRouter({ httpAuth, auditor, logger, service }),
        );
      },
    });
  },
});
