import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readEnvironmentsFromConfig } from '@meshport/plugin-data-products-common';
import { DataProductsEntitiesProcessor } from './DataProductsEntitiesProcessor';

/**
 * Adds the Meshport kinds, DataProduct and Dataset, to the catalog: validation against the
 * configured `meshport.environments`, and their relations.
 *
 * @public
 */
export const catalogModuleDataProducts = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'data-products',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ catalog, config, logger }) {
        // Throws on a malformed configuration, so the backend refuses to start with a message
        // naming each field rather than rejecting every entity later.
        const environments = readEnvironmentsFromConfig(config);
        logger.info(
          environments.length > 0
            ? `Validating data products against environments: ${environments
                .map(environment => environment.name)
                .join(', ')}`
            : 'No meshport.environments configured; environment and bucket names in specs are not checked',
        );
        catalog.addProcessor(
          new DataProductsEntitiesProcessor({ environments }),
        );
      },
    });
  },
});
