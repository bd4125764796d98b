import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readEnvironmentsFromConfig } from '@meshport/plugin-data-products-common';
import { DataProductsEntitiesProcessor } from './DataProductsEntitiesProcessor';
import {
  CachedRetirementStates,
  createRetirementStatesFetcher,
} from './retirement/retirementStates';
import {
  CachedLineageRelations,
  createLineageRelationsFetcher,
} from './lineage/lineageRelations';

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
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ catalog, config, logger, discovery, auth }) {
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
          new DataProductsEntitiesProcessor({
            environments,
            // Retiring products show as deprecated: the states come from the
            // data-products backend, fetched at most every 10 s, never per entity.
            retirementStates: new CachedRetirementStates({
              fetch: createRetirementStatesFetcher({ discovery, auth }),
              logger,
            }),
            // Runtime lineage edges, fetched at most every minute, never per entity.
            lineageRelations: new CachedLineageRelations({
              fetch: createLineageRelationsFetcher({ discovery, auth }),
              logger,
            }),
          }),
        );
      },
    });
  },
});
