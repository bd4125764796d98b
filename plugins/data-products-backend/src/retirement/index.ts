/*
 * The retirement feature, wired: the manager (given its store and the other
 * features' services), the routes and the global scheduled task that runs
 * the steps. What other features read of retirement (the state of a product,
 * the products provisioning leaves out) is ./queries.ts, built from the store
 * alone before them.
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
import { ConflictError, isError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  MeshportEnvironment,
  ProvisioningMode,
} from '@meshport/plugin-data-products-common';
import type {
  DataProductsRetirementHook,
  PlatformProvisioner,
} from '@meshport/plugin-data-products-node';
import type { ProvisioningStore } from '../provisioning/ProvisioningStore';
import type {
  AccessGrantsService,
  ConsumersService,
  DatasetReadsService,
  SloMonitoringService,
} from '../features';
import type { Reconciler } from '../provisioning/Reconciler';
import { readRetirementConfig } from './config';
import type { RetirementStore } from './RetirementStore';
import { RetirementManager } from './RetirementManager';
import type { ApiRouter, RegisterRoutes } from '../lib/http';
import { registerRetirementRoutes } from './router';

/** Starts due retirements and runs their steps, once across replicas. */
export const RETIREMENT_TASK_ID = 'data-products-retirement';

export { RetirementQueries } from './queries';

export interface RetirementFeature {
  routes: RegisterRoutes;
  manager: RetirementManager;
}

export async function createRetirementFeature(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  notifications?: NotificationService;
  store: RetirementStore;
  reconciler: Pick<Reconciler, 'trigger' | 'onRunFinished'>;
  provisioningStore: Pick<ProvisioningStore, 'getRun' | 'listRuns'>;
  provisioningMode: ProvisioningMode;
  provisioners: PlatformProvisioner[];
  hooks: DataProductsRetirementHook[];
  environments: MeshportEnvironment[];
  accessGrants: AccessGrantsService;
  sloMonitoring: SloMonitoringService;
  datasetReads: DatasetReadsService;
  consumers: ConsumersService;
}): Promise<RetirementFeature> {
  const { scheduler, logger, reconciler, provisioningStore } = options;
  const config = readRetirementConfig(options.config);
  const manager = new RetirementManager({
    store: options.store,
    catalog: options.catalog,
    auth: options.auth,
    logger,
    auditor: options.auditor,
    notifications: options.notifications,
    provisioners: options.provisioners,
    hooks: options.hooks,
    environments: options.environments,
    config,
    accessGrants: options.accessGrants,
    sloMonitoring: options.sloMonitoring,
    datasetReads: options.datasetReads,
    consumers: options.consumers,
    provisioning: {
      mode: options.provisioningMode,
      trigger: request => reconciler.trigger(request),
      getRun: id => provisioningStore.getRun(id),
      latestRunOf: async dataProduct =>
        (
          await provisioningStore.listRuns({
            dataProduct,
            limit: 1,
            offset: 0,
          })
        ).items[0],
    },
    requestProcessing: async () => {
      try {
        await scheduler.triggerTask(RETIREMENT_TASK_ID);
      } catch (error) {
        // Running already: this run or the next one (schedule.frequency) picks it up.
        if (!(isError(error) && error.name === ConflictError.name)) {
          throw error;
        }
      }
    },
  });
  // A release step waits for its provisioning run: go on as soon as it ends.
  reconciler.onRunFinished(async ({ run }) => {
    if (run.trigger === 'retirement') {
      await manager.requestProcessing();
    }
  });

  await scheduler.scheduleTask({
    id: RETIREMENT_TASK_ID,
    scope: 'global',
    frequency: config.scheduleFrequency,
    timeout: { minutes: 30 },
    initialDelay: { seconds: 15 },
    fn: async signal => {
      await manager.processDue(signal);
    },
  });

  const routes = (router: ApiRouter) =>
    registerRetirementRoutes(router, {
      logger,
      config: options.config,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      auditor: options.auditor,
      catalog: options.catalog,
      manager,
    });

  return { routes, manager };
}
