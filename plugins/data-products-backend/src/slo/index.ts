/*
 * Wires the SLO feature into the plugin: given its store, the service, the
 * scheduled tasks (all `global`: one replica at a time) and the routes.
 * ../wiring.ts calls setupSlo() and hands `monitoring` to retirement.
 */
import type {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ProvisioningMode } from '@meshport/plugin-data-products-common';
import type { SliCollector } from '@meshport/plugin-data-products-node';
import type { SloMonitoringService } from '../features';
import { readSloConfig } from './config';
import type { SloStore } from './SloStore';
import type { ApiRouter, RegisterRoutes } from '../lib/http';
import { registerSloRoutes } from './router';
import { SloService } from './SloService';

export const SLO_EVALUATION_TASK_ID = 'data-products-slo-evaluate';
export const SLO_COLLECTION_TASK_ID = 'data-products-slo-collect';
export const SLO_RETENTION_TASK_ID = 'data-products-slo-retention';
export const SLO_SAMPLE_DATA_TASK_ID = 'data-products-slo-sample-data';

/** Collects the SLI collectors that backend modules add. */
export class SliCollectorsRegistry {
  readonly #collectors = new Map<string, SliCollector>();
  #locked = false;

  addSliCollector(collector: SliCollector): void {
    if (this.#locked) {
      throw new Error(
        `SLI collector '${collector.id}' was added after the data-products plugin started`,
      );
    }
    if (!collector.id) {
      throw new Error('A data-products SLI collector must have an id');
    }
    if (this.#collectors.has(collector.id)) {
      throw new Error(
        `Two data-products SLI collectors have the id '${collector.id}'`,
      );
    }
    this.#collectors.set(collector.id, collector);
  }

  lock(): SliCollector[] {
    this.#locked = true;
    return [...this.#collectors.values()];
  }
}

export interface SetupSloOptions {
  store: SloStore;
  scheduler: SchedulerService;
  logger: LoggerService;
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  notifications?: NotificationService;
  collectors: SliCollector[];
  /** Collectors only run in `apply` mode. */
  provisioningMode: ProvisioningMode;
}

export interface SloFeature {
  routes: RegisterRoutes;
  /** For retirement. */
  monitoring: SloMonitoringService;
  service: SloService;
}

export async function setupSlo(options: SetupSloOptions): Promise<SloFeature> {
  const { scheduler, logger, collectors } = options;
  // Invalid config stops the start with the offending key named.
  const sloConfig = readSloConfig(options.config);
  const service = new SloService({
    store: options.store,
    catalog: options.catalog,
    auth: options.auth,
    logger,
    config: sloConfig,
    notifications: options.notifications,
    collectors,
  });

  await scheduler.scheduleTask({
    id: SLO_EVALUATION_TASK_ID,
    scope: 'global',
    frequency: sloConfig.evaluationFrequency,
    timeout: { minutes: 15 },
    initialDelay: { seconds: 30 },
    fn: async signal => {
      const result = await service.evaluate(signal);
      if (result.opened || result.closed) {
        logger.info(
          `SLO evaluation of ${result.evaluated} dataset(s): ${result.opened} breach(es) opened, ${result.closed} closed`,
        );
      }
    },
  });

  if (options.provisioningMode !== 'apply') {
    logger.info(
      `SLI collection is off in ${
        options.provisioningMode
      } mode (meshport.provisioning.mode); ${
        collectors.length
          ? `collector(s) ${collectors.map(c => c.id).join(', ')} will not run`
          : 'no collector is installed'
      }. Pipelines can still push measurements to POST /slo/measurements.`,
    );
  } else if (collectors.length === 0) {
    logger.info(
      'No SLI collector is installed; pipelines push measurements to POST /slo/measurements',
    );
  } else {
    await scheduler.scheduleTask({
      id: SLO_COLLECTION_TASK_ID,
      scope: 'global',
      frequency: sloConfig.collectionFrequency,
      timeout: { minutes: 30 },
      fn: async signal => {
        await service.collect(signal);
      },
    });
  }

  await scheduler.scheduleTask({
    id: SLO_RETENTION_TASK_ID,
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 10 },
    fn: async () => {
      await service.applyRetention();
    },
  });

  if (sloConfig.sampleData) {
    logger.info(
      'SLO sample data is on (meshport.slo.sampleData): datasets without real measurements get generated ones, labelled as sample data',
    );
    await scheduler.scheduleTask({
      id: SLO_SAMPLE_DATA_TASK_ID,
      scope: 'global',
      // Every minute: cheap when nothing is new, and a fresh portal shows
      // data as soon as the catalog has its datasets.
      frequency: { minutes: 1 },
      timeout: { minutes: 15 },
      fn: async () => {
        const { datasets, stored } = await service.generateSampleData();
        if (stored === 0) {
          return;
        }
        logger.info(
          `SLO sample data: ${stored} new measurement(s) for ${datasets} dataset(s)`,
        );
      },
    });
  }

  const routes = (router: ApiRouter) =>
    registerSloRoutes(router, {
      logger,
      config: options.config,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      auditor: options.auditor,
      catalog: options.catalog,
      service,
      maxAgeMs: sloConfig.rawRetentionMs,
    });

  return { routes, monitoring: service, service };
}
