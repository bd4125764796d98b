import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { dataProductsPermissions } from '@meshport/plugin-data-products-common';
import {
  DataProductsRetirementHook,
  dataProductsProvisionersExtensionPoint,
  dataProductsRetirementHooksExtensionPoint,
  dataProductsSliCollectorsExtensionPoint,
  dataProductsUsageCollectorsExtensionPoint,
} from '@meshport/plugin-data-products-node';
import { UsageCollectors } from './lineage/usage';
import { ProvisionersRegistry } from './provisioning';
import { SliCollectorsRegistry } from './slo';
import { createFeatures } from './wiring';

export { CHANGE_DETECTION_TASK_ID, RECONCILE_TASK_ID } from './provisioning';

/**
 * The data-products backend plugin: provisioning runs (a reconciler on the
 * scheduler, plan or apply mode), access requests, SLOs, lineage, retirement
 * and contracts, with their REST routes. ./wiring.ts builds the features.
 *
 * @public
 */
export const dataProductsPlugin = createBackendPlugin({
  pluginId: 'data-products',
  register(env) {
    const provisioners = new ProvisionersRegistry();
    env.registerExtensionPoint(dataProductsProvisionersExtensionPoint, {
      addProvisioner: provisioner => provisioners.addProvisioner(provisioner),
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
      async init({ httpRouter, permissionsRegistry, ...services }) {
        permissionsRegistry.addPermissions(dataProductsPermissions);
        const router = await createFeatures(services, {
          provisioners: provisioners.lock(),
          retirementHooks,
          sliCollectors: sliCollectors.lock(),
          usageCollectors: usageCollectors.lock(),
        });
        httpRouter.use(router);
      },
    });
  },
});
