import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig as readSchedule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  searchEngineRegistryExtensionPoint,
  searchIndexRegistryExtensionPoint,
} from '@backstage/plugin-search-backend-node/alpha';
import { DataProductsCollatorFactory } from './DataProductsCollatorFactory';
import { createDataProductsLunrEngine } from './queryTranslator';

/**
 * Indexes DataProducts and Datasets (columns, classifications, owners'
 * titles) for search.
 *
 * @public
 */
export const searchModuleDataProductsCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'data-products-collator',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ auth, config, scheduler, catalog, indexRegistry }) {
        const key = 'search.collators.dataProducts.schedule';
        const schedule = config.has(key)
          ? readSchedule(config.getConfig(key))
          : {
              frequency: { minutes: 10 },
              timeout: { minutes: 15 },
              initialDelay: { seconds: 3 },
            };
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new DataProductsCollatorFactory({ catalog, auth }),
        });
      },
    });
  },
});

/**
 * The embedded default engine (Lunr) with a translator that finds columns:
 * every word required, column and title matches first. Install it only in a
 * portal that searches with Lunr.
 *
 * @public
 */
export const searchModuleDataProductsLunr = createBackendModule({
  pluginId: 'search',
  moduleId: 'data-products-lunr',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        engineRegistry: searchEngineRegistryExtensionPoint,
      },
      async init({ logger, engineRegistry }) {
        engineRegistry.setSearchEngine(createDataProductsLunrEngine(logger));
      },
    });
  },
});
