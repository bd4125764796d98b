/*
 * The provisioning feature, wired: the provisioners registry backend modules
 * fill, the reconciler (its grants and exclusions given at construction), the
 * scheduled whole-mesh reconcile and change detection, and the routes.
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
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { PlatformProvisioner } from '@meshport/plugin-data-products-node';
import { durationToMilliseconds } from '@backstage/types';
import { readProvisioningConfig } from '../config';
import type { ProvisioningStore } from './ProvisioningStore';
import { readPipelineScopes } from '../pipelines/pipelineScopes';
import type { ApiRouter } from '../lib/http';
import { registerProvisioningRoutes } from './router';
import type { GrantsSource } from './GrantsSource';
import { ProvisioningExclusions, ProvisioningInputSource } from './input';
import { Reconciler } from './Reconciler';

/** The scheduled whole-mesh reconcile; also works through queued runs. */
export const RECONCILE_TASK_ID = 'data-products-reconcile';
/** Checks every minute whether the input changed since the last whole-mesh run. */
export const CHANGE_DETECTION_TASK_ID = 'data-products-reconcile-on-change';

/** Collects the provisioners that backend modules add. */
export class ProvisionersRegistry {
  readonly #provisioners = new Map<string, PlatformProvisioner<any, any>>();
  #locked = false;

  addProvisioner(provisioner: PlatformProvisioner<any, any>): void {
    if (this.#locked) {
      throw new Error(
        `Provisioner '${provisioner.id}' was added after the data-products plugin started`,
      );
    }
    if (!provisioner.id) {
      throw new Error('A data-products provisioner must have an id');
    }
    if (this.#provisioners.has(provisioner.id)) {
      throw new Error(
        `Two data-products provisioners have the id '${provisioner.id}': each provisioner module may be installed only once, and ids must be unique`,
      );
    }
    this.#provisioners.set(provisioner.id, provisioner);
  }

  lock(): PlatformProvisioner[] {
    this.#locked = true;
    return [...this.#provisioners.values()];
  }
}

/** Starts the reconcile task soon; a running one picks the queue up itself. */
function createProcessingRequester(
  scheduler: SchedulerService,
  logger: LoggerService,
) {
  return async () => {
    try {
      await scheduler.triggerTask(RECONCILE_TASK_ID);
    } catch (error) {
      if (isError(error) && error.name === ConflictError.name) {
        logger.debug(
          'The reconcile task is running; it works through queued runs before it ends',
        );
        return;
      }
      throw error;
    }
  };
}

/** The reconciler, built with everything it reads; invalid config stops the start. */
export function createReconciler(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  auth: AuthService;
  catalog: CatalogService;
  store: ProvisioningStore;
  provisioners: PlatformProvisioner[];
  environments: MeshportEnvironment[];
  /** The access requests' store: the grants the reconcile provisions. */
  grantsSource: GrantsSource;
  /** Retirement: products whose resources provisioning must release. */
  exclusions: ProvisioningExclusions;
}): Reconciler {
  const { logger, provisioners } = options;
  const provisioningConfig = readProvisioningConfig(options.config);
  const reconciler = new Reconciler({
    store: options.store,
    provisioners,
    inputSource: new ProvisioningInputSource({
      catalog: options.catalog,
      auth: options.auth,
      environments: options.environments,
      grantsSource: options.grantsSource,
      exclusions: options.exclusions,
    }),
    mode: provisioningConfig.mode,
    logger,
    fullReconcileIntervalMs: durationToMilliseconds(
      provisioningConfig.scheduleFrequency,
    ),
    requestProcessing: createProcessingRequester(options.scheduler, logger),
  });
  if (provisioners.length === 0) {
    logger.warn(
      'No data-products provisioner is installed; runs will record nothing. Add one, e.g. @meshport/plugin-data-products-backend-module-aws',
    );
  }
  logger.info(
    `Provisioning in ${provisioningConfig.mode} mode with ${
      provisioners.map(p => p.id).join(', ') || 'no'
    } provisioner(s)`,
  );
  return reconciler;
}

/** Schedules the reconcile tasks and builds the provisioning routes. */
export async function createProvisioningFeature(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  store: ProvisioningStore;
  reconciler: Reconciler;
  environments: MeshportEnvironment[];
}) {
  const { scheduler, reconciler, config } = options;
  const provisioningConfig = readProvisioningConfig(config);
  // Global: one replica at a time runs it, so runs never overlap anywhere.
  await scheduler.scheduleTask({
    id: RECONCILE_TASK_ID,
    scope: 'global',
    frequency: provisioningConfig.scheduleFrequency,
    timeout: { hours: 1 },
    fn: signal => reconciler.reconcileOnSchedule(signal),
  });
  await scheduler.scheduleTask({
    id: CHANGE_DETECTION_TASK_ID,
    scope: 'global',
    frequency: provisioningConfig.changeDetectionFrequency,
    timeout: { minutes: 5 },
    fn: async () => {
      await reconciler.detectChanges();
    },
  });
  const routes = (router: ApiRouter) =>
    registerProvisioningRoutes(router, {
      logger: options.logger,
      config,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      auditor: options.auditor,
      catalog: options.catalog,
      store: options.store,
      reconciler,
      pipelineScopes: readPipelineScopes(config),
      environmentNames: options.environments.map(e => e.name),
    });
  return { routes };
}
