import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readEnvironmentsFromConfig } from '@meshport/plugin-data-products-common';
import { createDataProductsActions, LOCAL_GIT_UPDATED_TOPIC } from './actions';
import { LocalGitCatalogReader } from './catalog/LocalGitCatalogReader';
import { LocalGitLocationsProvider } from './catalog/LocalGitLocationsProvider';
import { readScaffolderDataProductsConfig } from './config';
import { DataProductsBackendClient } from './lib/DataProductsBackendClient';
import { LocalGitRepositories } from './lib/git';
import { stringifyError } from '@backstage/errors';

/**
 * The Meshport scaffolder actions: validate a data product's spec, publish
 * it to a git repository on the portal host, register it in the catalog and
 * bootstrap its roles per environment.
 *
 * @public
 */
export const scaffolderModuleDataProducts = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'data-products',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
      },
      async init({
        scaffolder,
        config,
        logger,
        auth,
        discovery,
        catalog,
        events,
        permissions,
        userInfo,
      }) {
        const moduleConfig = readScaffolderDataProductsConfig(config);
        const repositories = new LocalGitRepositories({
          directory: moduleConfig.localGitDirectory,
        });
        try {
          await repositories.ensureGitAvailable();
        } catch (error) {
          // Not fatal: only the local git target needs it.
          logger.warn(stringifyError(error));
        }
        logger.info(
          `Local git repositories for meshport:publish:local in ${repositories.directory}`,
        );
        scaffolder.addActions(
          ...createDataProductsActions({
            catalog,
            auth,
            events,
            permissions,
            userInfo,
            environments: readEnvironmentsFromConfig(config),
            repositories,
            provisioning: new DataProductsBackendClient({ auth, discovery }),
            waitTimeoutMs: moduleConfig.waitTimeoutMs,
          }),
        );
      },
    });
  },
});

/**
 * Puts the checkouts of the local git repositories into the catalog (one
 * `meshport-local-git` Location each, read by our reader: DataProduct and
 * Dataset documents only), and re-reads them when a task publishes.
 *
 * @public
 */
export const catalogModuleMeshportLocalGit = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'meshport-local-git',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        events: eventsServiceRef,
      },
      async init({ catalog, config, logger, events }) {
        const directory =
          readScaffolderDataProductsConfig(config).localGitDirectory;
        const provider = new LocalGitLocationsProvider({ directory, logger });
        catalog.addEntityProvider(provider);
        // Reads the provider's locations: DataProduct and Dataset documents only.
        catalog.addProcessor(new LocalGitCatalogReader({ directory }));
        await events.subscribe({
          id: 'meshport-local-git-locations',
          topics: [LOCAL_GIT_UPDATED_TOPIC],
          onEvent: () => provider.refresh(),
        });
      },
    });
  },
});
