/*
 * Builds the plugin's features by construction, in dependency order: the
 * stores first, then retirement's status (from its store alone), the
 * reconciler (given the access requests' store as its grants and retirement's
 * exclusions), access requests, SLOs, lineage, the consumption model, and
 * retirement last (given grants, monitors, reads and consumers). Each feature
 * receives what it needs through its options: nothing is set afterwards.
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
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { readEnvironmentsFromConfig } from '@meshport/plugin-data-products-common';
import type {
  DataProductsRetirementHook,
  PlatformProvisioner,
  SliCollector,
  UsageCollector,
} from '@meshport/plugin-data-products-node';
import { createAccessRequestsFeature } from './access';
import { readProvisioningConfig } from './config';
import { createConsumptionFeature } from './consumption';
import { createContractsFeature, scheduleVersionNotices } from './contracts';
import { createLineageFeature } from './lineage';
import { createProvisioningFeature, createReconciler } from './provisioning';
import { createRetirementFeature, RetirementQueries } from './retirement';
import { createPluginRouter } from './service/httpShell';
import { setupSlo } from './slo';
import { createStores } from './stores';
import { createProductChangesFeature } from './productChanges';
import { readPipelineScopes } from './pipelines/pipelineScopes';

export interface PluginServices {
  database: DatabaseService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  logger: LoggerService;
  config: RootConfigService;
  auditor: AuditorService;
  catalog: CatalogService;
  userInfo: UserInfoService;
  notifications?: NotificationService;
}

/** What backend modules added through the extension points. */
export interface PluginExtensions {
  provisioners: PlatformProvisioner[];
  retirementHooks: DataProductsRetirementHook[];
  sliCollectors: SliCollector[];
  usageCollectors: UsageCollector[];
}

/** Builds every feature and returns the plugin's one router. */
export async function createFeatures(
  services: PluginServices,
  extensions: PluginExtensions,
) {
  const { config, logger, scheduler, catalog, auth } = services;
  // Invalid config stops the start with the offending key named.
  const provisioningMode = readProvisioningConfig(config).mode;
  const environments = readEnvironmentsFromConfig(config);
  const { provisioners } = extensions;

  const stores = await createStores(services.database);
  // What other features read of retirement: built from its store alone.
  const retirementStatus = new RetirementQueries({
    store: stores.retirement,
    catalog,
    auth,
  });
  const reconciler = createReconciler({
    config,
    logger,
    scheduler,
    auth,
    catalog,
    store: stores.provisioning,
    provisioners,
    environments,
    grantsSource: stores.access,
    // A product whose release step started is left out of provisioning, so
    // the reconcile deletes its roles, policies and workgroups.
    exclusions: retirementStatus,
  });

  const access = await createAccessRequestsFeature({
    ...services,
    store: stores.access,
    reconciler,
    environments,
    retirementStatus,
  });
  // SLOs: measurements, SLIs, breaches; collectors only in apply mode.
  const slo = await setupSlo({
    ...services,
    store: stores.slo,
    collectors: extensions.sliCollectors,
    provisioningMode,
  });
  // Lineage (OpenLineage events) and usage; grants make a read declared.
  const lineage = await createLineageFeature({
    ...services,
    store: stores.lineage,
    grants: access.grants,
    environments,
    usageCollectors: extensions.usageCollectors,
    provisioningMode,
  });
  // Who consumes what, one answer for every tab and for retirement.
  const consumption = createConsumptionFeature({
    ...services,
    requests: access.openRequests,
    undeclaredReads: lineage.service,
  });
  // Retirement: revokes grants, stops monitors, releases resources.
  const retirement = await createRetirementFeature({
    ...services,
    store: stores.retirement,
    reconciler,
    provisioningStore: stores.provisioning,
    provisioningMode,
    provisioners,
    hooks: extensions.retirementHooks,
    environments,
    accessGrants: access.grants,
    sloMonitoring: slo.monitoring,
    datasetReads: lineage.service,
    consumers: consumption.service,
  });
  const provisioning = await createProvisioningFeature({
    ...services,
    store: stores.provisioning,
    reconciler,
    environments,
  });
  await scheduleVersionNotices({
    ...services,
    store: stores.versionNotices,
    grants: access.grants,
  });
  const contracts = createContractsFeature({ ...services, environments });
  // The Provisioning tab's "what this product's last run changed".
  const productChanges = createProductChangesFeature({
    ...services,
    store: stores.productChanges,
    pipelineScopes: readPipelineScopes(config),
    runs: stores.provisioning,
  });

  // One router: each route group's bodies parsed with its limit, each
  // feature's routes typed by the OpenAPI document, one error middleware.
  return createPluginRouter({
    config,
    logger,
    routes: [
      lineage.routes,
      provisioning.routes,
      access.routes,
      retirement.routes,
      slo.routes,
      consumption.routes,
      contracts.routes,
      productChanges.routes,
    ],
  });
}
