/*
 * The consumption feature, wired: one model of who consumes what, read by
 * the UI's tabs (the route) and by retirement (its usage and notifications).
 */
import type {
  AuthService,
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  OpenAccessRequestsService,
  UndeclaredReadsService,
} from '../features';
import { ConsumptionService } from './ConsumptionService';
import type { ApiRouter } from '../lib/http';
import { registerConsumptionRoutes } from './router';

export function createConsumptionFeature(options: {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  catalog: CatalogService;
  requests: OpenAccessRequestsService;
  undeclaredReads: UndeclaredReadsService;
}) {
  const service = new ConsumptionService(options);
  return {
    service,
    routes: (router: ApiRouter) =>
      registerConsumptionRoutes(router, { ...options, service }),
  };
}
