/*
 * Contracts: the ODCS contract of a Dataset and the ODPS document of a DataProduct, served from
 * the catalog (the mapping is pure, in the common package), pending versions, and the notices
 * that tell consumers a newer major replaces what they read.
 */
import type {
  AuthService,
  HttpAuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { AccessGrantsService } from '../features';
import type { VersionNoticesStore } from './VersionNoticesStore';
import { VersionNoticesService } from './VersionNoticesService';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { readSpecDurationConfig } from '../lib/config';
import { ContractsService } from './ContractsService';
import type { ApiRouter } from '../lib/http';
import { registerContractsRoutes } from './router';

export { ContractsService } from './ContractsService';
export { registerContractsRoutes } from './router';
export { VersionNoticesService } from './VersionNoticesService';
export { DatabaseVersionNoticesStore } from './DatabaseVersionNoticesStore';
export type { VersionNotice, VersionNoticesStore } from './VersionNoticesStore';

/** The global task that tells consumers about newer major versions. */
export const CONTRACT_NOTICES_TASK_ID = 'data-products-contract-notices';

const NOTICE_PERIOD_KEY = 'meshport.contracts.noticePeriod';

/** `meshport.contracts.noticePeriod` (default `30d`); a bad value stops the start, naming the key. */
export function readNoticePeriod(config: RootConfigService): string {
  return readSpecDurationConfig(config, {
    key: NOTICE_PERIOD_KEY,
    fallback: '30d',
  });
}

export function createContractsFeature(options: {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  environments: MeshportEnvironment[];
  clock?: () => Date;
}) {
  const service = new ContractsService({
    ...options,
    noticePeriod: readNoticePeriod(options.config),
  });
  return {
    service,
    routes: (router: ApiRouter) =>
      registerContractsRoutes(router, { ...options, service }),
  };
}

/**
 * Schedules the notices of newer major versions (every 10 minutes, one replica at a time; the
 * store makes each notice go out once).
 */
export async function scheduleVersionNotices(options: {
  store: VersionNoticesStore;
  scheduler: SchedulerService;
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  grants?: AccessGrantsService;
  notifications?: NotificationService;
}) {
  const service = new VersionNoticesService({
    ...options,
    noticePeriod: readNoticePeriod(options.config),
  });
  await options.scheduler.scheduleTask({
    id: CONTRACT_NOTICES_TASK_ID,
    scope: 'global',
    frequency: { minutes: 10 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const { sent } = await service.notifyConsumers();
      if (sent > 0) {
        options.logger.info(
          `Told ${sent} consumer(s) about newer major versions of datasets they read`,
        );
      }
    },
  });
  return service;
}
