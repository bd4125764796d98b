/*
 * The lineage feature, wired: its store, the service (mapping against a
 * cached catalog index), the routes, and the scheduled task that matches
 * again what was unmatched and applies `meshport.lineage.retention`.
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
import type {
  MeshportEnvironment,
  ProvisioningMode,
} from '@meshport/plugin-data-products-common';
import type { UsageCollector } from '@meshport/plugin-data-products-node';
import type { AccessGrantsService } from '../features';
import { CachedCatalogIndex } from './CachedCatalogIndex';
import { readLineageConfig } from './config';
import type { LineageStore } from './LineageStore';
import { LineageService } from './LineageService';
import type { ApiRouter, RegisterRoutes } from '../lib/http';
import { registerLineageRoutes } from './router';
import { collectUsage, USAGE_COLLECTION_TASK_ID } from './usage';

/** Matches unmatched identifiers again and deletes rows past retention. */
export const LINEAGE_MAINTENANCE_TASK_ID = 'data-products-lineage-maintenance';

export interface LineageFeature {
  routes: RegisterRoutes;
  service: LineageService;
  store: LineageStore;
}

export async function createLineageFeature(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  notifications?: NotificationService;
  environments: MeshportEnvironment[];
  usageCollectors: UsageCollector[];
  provisioningMode: ProvisioningMode;
  store: LineageStore;
  /** The access requests' grants (grants make a read declared). */
  grants: AccessGrantsService;
}): Promise<LineageFeature> {
  const config = readLineageConfig(options.config);
  const { notifications, store } = options;
  const service = new LineageService({
    store,
    logger: options.logger,
    catalog: new CachedCatalogIndex({
      catalog: options.catalog,
      auth: options.auth,
      environments: options.environments,
      tableNamespaces: config.tableNamespaces,
    }),
    notifier: notifications
      ? { send: notification => notifications.send(notification) }
      : undefined,
    grants: options.grants,
  });

  await options.scheduler.scheduleTask({
    id: LINEAGE_MAINTENANCE_TASK_ID,
    scope: 'global',
    frequency: config.maintenanceFrequency,
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const { remapped, deleted } = await service.maintain(config.retentionMs);
      if (remapped || deleted) {
        options.logger.info(
          `Lineage maintenance: ${remapped} identifier(s) matched anew, ${deleted} event(s) past retention deleted`,
        );
      }
    },
  });

  // Usage from the platforms (e.g. Athena query history): apply mode only.
  if (options.provisioningMode === 'apply' && options.usageCollectors.length) {
    await options.scheduler.scheduleTask({
      id: USAGE_COLLECTION_TASK_ID,
      scope: 'global',
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 2 },
      fn: async signal => {
        await collectUsage({
          collectors: options.usageCollectors,
          catalog: options.catalog,
          auth: options.auth,
          store,
          logger: options.logger,
          now: new Date(),
          signal,
        });
      },
    });
  }

  const routes = (router: ApiRouter) =>
    registerLineageRoutes(router, {
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      auditor: options.auditor,
      catalog: options.catalog,
      service,
    });
  return { routes, service, store };
}
