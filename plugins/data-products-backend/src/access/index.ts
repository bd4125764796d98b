/*
 * The access-requests feature, wired: given its store (also the reconciler's
 * grants source) and retirement's status, it builds the service, the routes,
 * the listener that marks grants granted when a provisioning run reports
 * them, and the scheduled expiry task.
 */
import type {
  AuthService,
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { catalogNames } from './names';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type {
  AccessGrantsService,
  OpenAccessRequestsService,
  RetirementStatusService,
} from '../features';
import type { Reconciler } from '../provisioning/Reconciler';
import { AccessRequestsService } from './AccessRequestsService';
import { readAccessRequestsConfig } from './config';
import type { AccessRequestStore } from './AccessRequestStore';
import type { ApiRouter, RegisterRoutes } from '../lib/http';
import { registerAccessRoutes } from './router';

/** Expires due grants and sends expiry notices, once across replicas. */
export const ACCESS_EXPIRY_TASK_ID = 'data-products-access-expiry';

export interface AccessRequestsFeature {
  routes: RegisterRoutes;
  /** For retirement: list and revoke grants of datasets. */
  grants: AccessGrantsService;
  /** For the consumption model: open requests by dataset or consumer. */
  openRequests: OpenAccessRequestsService;
}

export async function createAccessRequestsFeature(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  /** The plugin's own credentials, to name people and products in notifications. */
  auth?: AuthService;
  notifications?: NotificationService;
  /** Also the reconciler's grants source (given to it at construction). */
  store: AccessRequestStore;
  reconciler: Pick<Reconciler, 'trigger' | 'onRunFinished'>;
  environments: MeshportEnvironment[];
  /** Retirement's state of products: requests for retiring ones are refused. */
  retirementStatus: RetirementStatusService;
}): Promise<AccessRequestsFeature> {
  const accessConfig = readAccessRequestsConfig(options.config);
  const { store } = options;
  const service = new AccessRequestsService({
    store,
    provisioning: options.reconciler,
    auditor: options.auditor,
    logger: options.logger,
    config: accessConfig,
    notifications: options.notifications,
    ...(options.auth
      ? { names: catalogNames(options.catalog, options.auth) }
      : {}),
    retirementStatus: options.retirementStatus,
  });

  options.reconciler.onRunFinished(async event => {
    await service.handleRunFinished(event);
  });

  await options.scheduler.scheduleTask({
    id: ACCESS_EXPIRY_TASK_ID,
    scope: 'global',
    frequency: accessConfig.expiryFrequency,
    timeout: { minutes: 10 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      await service.runExpiry();
    },
  });

  const routes = (router: ApiRouter) =>
    registerAccessRoutes(router, {
      logger: options.logger,
      config: options.config,
      httpAuth: options.httpAuth,
      userInfo: options.userInfo,
      permissions: options.permissions,
      auditor: options.auditor,
      catalog: options.catalog,
      store,
      service,
      environments: options.environments,
      admins: accessConfig.admins,
      consumerOwnersMayApprove: accessConfig.consumerOwnersMayApprove,
    });

  return {
    routes,
    grants: service,
    openRequests: service,
  };
}
