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
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { DataProductsCollatorFactory } from './DataProductsCollatorFactory';
import { DataProductsPgSearchEngine } from './pgEngine';
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

/**
 * The search engine for data, picked by the portal's database: PostgreSQL
 * search (`@backstage/plugin-search-backend-module-pg`, with column tokens)
 * when the search plugin's database is PostgreSQL 12 or newer, Lunr (in
 * memory, the embedded default's) otherwise. Install it instead of any other
 * engine module.
 *
 * @public
 */
export const searchModuleDataProductsEngine = createBackendModule({
  pluginId: 'search',
  moduleId: 'data-products-engine',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        engineRegistry: searchEngineRegistryExtensionPoint,
      },
      async init({ config, database, logger, engineRegistry }) {
        if (await PgSearchEngine.supported(database)) {
          logger.info('Search for data runs on PostgreSQL');
          engineRegistry.setSearchEngine(
            new DataProductsPgSearchEngine(
              await PgSearchEngine.fromConfig(config, { database, logger }),
            ),
          );
        } else {
          logger.info('Search for data runs on Lunr (in memory)');
          engineRegistry.setSearchEngine(createDataProductsLunrEngine(logger));
        }
      },
    });
  },
});
