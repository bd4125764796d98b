import {
  coreServices,
  createBackendPlugin,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, isError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  dataProductsPermissions,
  readEnvironmentsFromConfig,
} from '@meshport/plugin-data-products-common';
import {
  DataProductsRetirementHook,
  dataProductsProvisionersExtensionPoint,
  dataProductsRetirementHooksExtensionPoint,
  dataProductsSliCollectorsExtensionPoint,
  dataProductsUsageCollectorsExtensionPoint,
  PlatformProvisioner,
} from '@meshport/plugin-data-products-node';
import { durationToMilliseconds } from '@backstage/types';
import { ProvisioningConfig, readProvisioningConfig } from './config';
import { DatabaseProvisioningStore } from './database/DatabaseProvisioningStore';
import { StaticGrantsSource } from './provisioning/GrantsSource';
import { ProvisioningInputSource } from './provisioning/input';
import { Reconciler } from './provisioning/Reconciler';
import { createErrorHandler } from './service/errorHandler';
import { createRouter } from './service/router';
import { readPipelineScopes } from './pipelines/pipelineScopes';
import { createHttpShell } from './service/httpShell';
import { createAccessRequestsFeature } from './access';
import { createRetirementFeature } from './retirement';
import { createContractsFeature, scheduleVersionNotices } from './contracts';
import { setupSlo, SliCollectorsRegistry } from './slo';
import { createLineageFeature } from './lineage';
import { UsageCollectors } from './lineage/usage';
import { createConsumptionFeature } from './consumption';

/** The scheduled whole-mesh reconcile; also works through queued runs. */
export const RECONCILE_TASK_ID = 'data-products-reconcile';
/** Checks every minute whether the input changed since the last whole-mesh run. */
export const CHANGE_DETECTION_TASK_ID = 'data-products-reconcile-on-change';

/** Collects the provisioners that backend modules add. */
class ProvisionersRegistry {
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

async function scheduleProvisioningTasks(options: {
  scheduler: SchedulerService;
  reconciler: Reconciler;
  config: ProvisioningConfig;
}) {
  const { scheduler, reconciler, config } = options;
  // Global: one replica at a time runs it, so runs never overlap anywhere.
  await scheduler.scheduleTask({
    id: RECONCILE_TASK_ID,
    scope: 'global',
    frequency: config.scheduleFrequency,
    timeout: { hours: 1 },
    fn: signal => reconciler.reconcileOnSchedule(signal),
  });
  await scheduler.scheduleTask({
    id: CHANGE_DETECTION_TASK_ID,
    scope: 'global',
    frequency: config.changeDetectionFrequency,
    timeout: { minutes: 5 },
    fn: async () => {
      await reconciler.detectChanges();
    },
  });
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

/**
 * The data-products backend plugin: provisioning runs (a reconciler on the
 * scheduler, plan or apply mode) and their REST routes.
 *
 * @public
 */
export const dataProductsPlugin = createBackendPlugin({
  pluginId: 'data-products',
  register(env) {
    const registry = new ProvisionersRegistry();
    env.registerExtensionPoint(dataProductsProvisionersExtensionPoint, {
      addProvisioner: provisioner => registry.addProvisioner(provisioner),
    });
    // Retirement hooks (e.g. stopping a product's pipeline in an orchestrator).
    const retirementHooks: DataProductsRetirementHook[] = [];
    env.registerExtensionPoint(dataProductsRetirementHooksExtensionPoint, {
      addRetirementHook: hook => retirementHooks.push(hook),
    });
    // SLI collectors (e.g. AWS Glue table update times), for the SLOs.
    const sliCollectors = new SliCollectorsRegistry();
    env.registerExtensionPoint(dataProductsSliCollectorsExtensionPoint, {
      addSliCollector: collector => sliCollectors.addSliCollector(collector),
    });
    // Usage collectors (e.g. Athena query history), for lineage usage.
    const usageCollectors = new UsageCollectors();
    env.registerExtensionPoint(dataProductsUsageCollectorsExtensionPoint, {
      addUsageCollector: collector => usageCollectors.add(collector),
    });

    env.registerInit({
      deps: {
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        userInfo: coreServices.userInfo,
        notifications: notificationService,
      },
      async init({
        database,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        scheduler,
        logger,
        config,
        auditor,
        catalog,
        userInfo,
        notifications,
      }) {
        // Invalid config stops the start with the offending key named.
        const provisioningConfig = readProvisioningConfig(config);
        const environments = readEnvironmentsFromConfig(config);
        const provisioners = registry.lock();

        permissionsRegistry.addPermissions(dataProductsPermissions);

        const store = await DatabaseProvisioningStore.create({ database });
        const reconciler = new Reconciler({
          store,
          provisioners,
          inputSource: new ProvisioningInputSource({
            catalog,
            auth,
            environments,
            // Replaced by the access-requests feature's database-backed grants.
            grantsSource: new StaticGrantsSource(),
          }),
          mode: provisioningConfig.mode,
          logger,
          fullReconcileIntervalMs: durationToMilliseconds(
            provisioningConfig.scheduleFrequency,
          ),
          requestProcessing: createProcessingRequester(scheduler, logger),
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

        // Access requests: the reconciler's grants come from their store from
        // here on. `accessRequests.grants` is the AccessGrantsService that
        // retirement uses; `accessRequests.setRetirementStatus(...)` feeds it
        // the retirement state (default: nothing retires).
        const accessRequests = await createAccessRequestsFeature({
          database,
          config,
          logger,
          scheduler,
          httpAuth,
          userInfo,
          permissions,
          auditor,
          catalog,
          notifications,
          reconciler,
          environments,
        });

        // Retirement: refuses new access requests for a retiring product's
        // datasets, revokes its grants, and leaves it out of provisioning once
        // its resources are released.
        const retirement = await createRetirementFeature({
          database,
          config,
          logger,
          scheduler,
          httpAuth,
          auth,
          permissions,
          auditor,
          catalog,
          notifications,
          reconciler,
          provisioningStore: store,
          provisioningMode: provisioningConfig.mode,
          provisioners,
          hooks: retirementHooks,
          environments,
        });
        retirement.setAccessGrants(accessRequests.grants);
        accessRequests.setRetirementStatus(retirement.status);
        // SLOs: measurements, SLIs, breaches; collectors only in apply mode.
        const slo = await setupSlo({
          database,
          scheduler,
          logger,
          config,
          catalog,
          auth,
          httpAuth,
          permissions,
          auditor,
          notifications,
          collectors: sliCollectors.lock(),
          provisioningMode: provisioningConfig.mode,
        });
        retirement.setSloMonitoring(slo.monitoring);

        // Lineage (OpenLineage events) and usage; grants make a read declared.
        const lineage = await createLineageFeature({
          database,
          config,
          logger,
          scheduler,
          httpAuth,
          auth,
          permissions,
          auditor,
          catalog,
          notifications,
          environments,
          usageCollectors: usageCollectors.lock(),
          provisioningMode: provisioningConfig.mode,
        });
        lineage.setAccessGrants(accessRequests.grants);
        retirement.setDatasetReads(lineage.service);

        // Who consumes what, one answer for every tab and for retirement.
        const consumption = createConsumptionFeature({
          logger,
          config,
          httpAuth,
          auth,
          catalog,
          requests: accessRequests.openRequests,
        });
        consumption.service.setUndeclaredReads(lineage.service);
        retirement.setConsumers(consumption.service);

        await scheduleProvisioningTasks({
          scheduler,
          reconciler,
          config: provisioningConfig,
        });

        // One router: each feature parses only its own route group's bodies,
        // and one error middleware answers for all of them. Lineage first: its
        // own body parser takes large batches of events.
        const { shell, routes: router } = await createHttpShell({ config });
        router.use(lineage.router);
        router.use(
          await createRouter({
            logger,
            config,
            httpAuth,
            permissions,
            auditor,
            catalog,
            store,
            reconciler,
            pipelineScopes: readPipelineScopes(config),
            environmentNames: environments.map(e => e.name),
          }),
        );
        router.use(accessRequests.router);
        router.use(retirement.router);
        router.use(slo.router);
        router.use(consumption.router);
        await scheduleVersionNotices({
          database,
          scheduler,
          config,
          catalog,
          auth,
          logger,
          grants: accessRequests.grants,
          notifications,
        });
        router.use(
          createContractsFeature({
            logger,
            config,
            httpAuth,
            catalog,
            environments,
          }).router,
        );
        shell.use(createErrorHandler({ logger }));
        httpRouter.use(shell);
      },
    });
  },
});
