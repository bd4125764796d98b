/*
 * The retirement feature, wired: its store, the manager (also the
 * RetirementStatusService other features ask, and the provisioning input's
 * exclusions), the routes and the global scheduled task that runs the steps.
 */
import type {
  AuditorService,
  AuthService,
  DatabaseService,
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
import type express from 'express';
import type { ProvisioningStore } from '../database/ProvisioningStore';
import type {
  AccessGrantsService,
  ConsumersService,
  DatasetReadsService,
  RetirementStatusService,
  SloMonitoringService,
} from '../features';
import type { Reconciler } from '../provisioning/Reconciler';
import { readRetirementConfig } from './config';
import { DatabaseRetirementStore } from './DatabaseRetirementStore';
import { RetirementManager } from './RetirementManager';
import { createRetirementRouter } from './router';

/** Starts due retirements and runs their steps, once across replicas. */
export const RETIREMENT_TASK_ID = 'data-products-retirement';

export interface RetirementFeature {
  router: express.Router;
  /** For access requests: refuse requests for retiring products' datasets. */
  status: RetirementStatusService;
  /** Wires the access-requests feature's grants in (default: none). */
  setAccessGrants(accessGrants: AccessGrantsService): void;
  /** Wires the lineage feature's reads in (default: none). */
  setDatasetReads(reads: DatasetReadsService): void;
  /** Wires the consumption model in (usage shows declared consumers too). */
  setConsumers(consumers: ConsumersService): void;
  /** Wires the SLO feature's monitoring in (default: none). */
  setSloMonitoring(sloMonitoring: SloMonitoringService): void;
  manager: RetirementManager;
}

export async function createRetirementFeature(options: {
  database: DatabaseService;
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  notifications?: NotificationService;
  reconciler: Pick<Reconciler, 'trigger' | 'setExclusions' | 'onRunFinished'>;
  provisioningStore: Pick<ProvisioningStore, 'getRun' | 'listRuns'>;
  provisioningMode: ProvisioningMode;
  provisioners: PlatformProvisioner[];
  hooks: DataProductsRetirementHook[];
  environments: MeshportEnvironment[];
}): Promise<RetirementFeature> {
  const { scheduler, logger, reconciler, provisioningStore } = options;
  const config = readRetirementConfig(options.config);
  const store = await DatabaseRetirementStore.create({
    database: options.database,
  });
  const manager = new RetirementManager({
    store,
    catalog: options.catalog,
    auth: options.auth,
    logger,
    auditor: options.auditor,
    notifications: options.notifications,
    provisioners: options.provisioners,
    hooks: options.hooks,
    environments: options.environments,
    config,
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
  // A product whose release step started is left out of provisioning, so
  // the reconcile deletes its roles, policies and workgroups.
  reconciler.setExclusions(manager);
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

  const router = await createRetirementRouter({
    logger,
    config: options.config,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    auditor: options.auditor,
    catalog: options.catalog,
    manager,
  });

  return {
    router,
    status: manager,
    setAccessGrants: grants => manager.setAccessGrants(grants),
    setSloMonitoring: slo => manager.setSloMonitoring(slo),
    setDatasetReads: reads => manager.setDatasetReads(reads),
    setConsumers: consumers => manager.setConsumers(consumers),
    manager,
  };
}
