/*
 * The one test backend of the plugin's route tests: the real plugin on a test
 * database, a fake provisioner module, an in-memory catalog, and the portal's
 * permission policy (Meshport admins may do everything; owner permissions
 * need ownership of the entity). It records the notifications sent and the
 * audit events, and hands out the plugin's scheduler so tests run its tasks.
 */
import {
  type BackendFeature,
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  DataProductEntity,
  DatasetEntity,
  dataProductsOwnerPermissions,
  getOwnerRef,
} from '@meshport/plugin-data-products-common';
import type { PlatformProvisioner } from '@meshport/plugin-data-products-node';
import type { Knex } from 'knex';
import { normalizeEntityRef } from '../lib/entityRefs';
import { dataProductsPlugin } from '../plugin';
import { testEnvironmentsConfig } from '../testing/entities';
import { createFakeProvisionerModule } from '../testing/FakeProvisioner';

/** The Authorization header of a user, or of no one. */
export function authHeader(user?: string): string {
  return user
    ? mockCredentials.user.header(user)
    : mockCredentials.none.header();
}

export interface RecordedAudit {
  eventId: string;
  meta?: JsonObject;
  outcome?: 'success' | 'fail';
  successMeta?: JsonObject;
  error?: Error;
}

export async function startDataProductsTestBackend(options: {
  knex: Knex;
  entities: Entity[];
  /** The user and the groups they belong to. */
  ownershipOf(user: string): string[];
  /** A provisioner, installed through the fake provisioner module. */
  provisioner?: PlatformProvisioner<any, any>;
  /** Other features to start, e.g. a real provisioner module. */
  features?: BackendFeature[];
  /** Merged into `meshport` (environments and admins are set). */
  config?: JsonObject;
  /** Permission names the policy denies to everyone but admins (a stricter portal). */
  deny?: string[];
  /** A catalog the test changes (default: one of `entities`). */
  catalog?: ReturnType<typeof catalogServiceMock>;
  /** Record audit events with their meta and error (default), or only id and outcome. */
  auditDetails?: boolean;
  /**
   * Services of the test's own, each in place of the helper's for the same
   * service (e.g. a permissions mock whose decisions the test asserts).
   */
  services?: ServiceFactory[];
}) {
  const details = options.auditDetails ?? true;
  const { entities, ownershipOf } = options;
  const byRef = new Map(
    entities.map(e => [normalizeEntityRef(stringifyEntityRef(e)), e]),
  );
  const ownerPermissions = new Set(
    dataProductsOwnerPermissions.map(p => p.name),
  );

  const permissions = mockServices.permissions.mock({
    authorize: async (
      requests: AuthorizePermissionRequest[],
      authOptions?: any,
    ) => {
      const principal = authOptions?.credentials?.principal;
      const claims =
        principal?.type === 'user' ? ownershipOf(principal.userEntityRef) : [];
      return requests.map(r => {
        if (claims.includes('group:default/data-platform')) {
          return { result: AuthorizeResult.ALLOW };
        }
        if (options.deny?.includes(r.permission.name)) {
          return { result: AuthorizeResult.DENY };
        }
        if (ownerPermissions.has(r.permission.name)) {
          const entity = r.resourceRef
            ? byRef.get(normalizeEntityRef(r.resourceRef))
            : undefined;
          const owner = entity
            ? getOwnerRef(entity as DataProductEntity | DatasetEntity)
            : undefined;
          return {
            result:
              owner && claims.includes(owner)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }
        return { result: AuthorizeResult.ALLOW };
      }) as any;
    },
  });

  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async (credentials: any) => ({
      userEntityRef: credentials.principal.userEntityRef,
      ownershipEntityRefs: ownershipOf(credentials.principal.userEntityRef),
    }),
  });

  const audits: RecordedAudit[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async (event: any) => {
      const recorded: RecordedAudit = details
        ? { eventId: event.eventId, meta: event.meta }
        : { eventId: event.eventId };
      audits.push(recorded);
      return {
        success: async (o?: { meta?: JsonObject }) => {
          recorded.outcome = 'success';
          if (details) recorded.successMeta = o?.meta;
        },
        fail: async (o: { error: Error }) => {
          recorded.outcome = 'fail';
          if (details) recorded.error = o.error;
        },
      };
    },
  });

  const sent: NotificationSendOptions[] = [];
  const notifications = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      send: async (notification: NotificationSendOptions) => {
        sent.push(notification);
      },
    }),
  });

  const catalog = options.catalog;
  const catalogFactory = catalog
    ? createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      })
    : catalogServiceMock.factory({ entities });

  const captured: { scheduler?: SchedulerService } = {};
  const captureScheduler = createBackendModule({
    pluginId: 'data-products',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          captured.scheduler = scheduler;
        },
      });
    },
  });

  const own = options.services ?? [];
  const replaced = new Set(own.map(factory => factory.service.id));
  const services = [
    mockServices.rootConfig.factory({
      data: {
        meshport: {
          environments: testEnvironmentsConfig,
          admins: ['data-platform'],
          ...options.config,
        },
      },
    }),
    mockServices.database.factory({ knex: options.knex }),
    mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    catalogFactory,
    permissions.factory,
    userInfo.factory,
    auditor.factory,
    notifications,
  ].filter(factory => !replaced.has(factory.service.id));

  const { server } = await startTestBackend({
    features: [
      dataProductsPlugin,
      ...(options.provisioner
        ? [createFakeProvisionerModule(options.provisioner)]
        : []),
      ...(options.features ?? []),
      captureScheduler,
      ...services,
      ...own,
    ],
  });

  return { server, sent, audits, scheduler: captured.scheduler! };
}
