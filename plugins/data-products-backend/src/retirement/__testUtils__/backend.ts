/*
 * A test backend for the retirement routes: the real plugin (provisioning,
 * access requests, retirement) on a test database, a fake provisioner that
 * archives, an in-memory catalog whose locations can be told apart, and the
 * portal's permission policy (admins everything; owner permissions for the
 * entity's owners).
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
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
import type { Knex } from 'knex';
import { dataProductsPlugin } from '../../plugin';
import { createFakeProvisionerModule } from '../../testing/FakeProvisioner';
import {
  dataProduct,
  dataset,
  testEnvironmentsConfig,
} from '../../testing/entities';
import { ArchivingFakeProvisioner } from './fakes';

export const ALICE = 'user:default/alice'; // team-sales: owns crm and churn
export const GUEST = 'user:default/guest'; // team-sales too
export const CAROL = 'user:default/carol'; // team-marketing: owns nothing here
export const DANA = 'user:default/dana'; // data-platform: a Meshport admin

const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-sales'],
  [GUEST]: ['group:default/team-sales'],
  [CAROL]: ['group:default/team-marketing'],
  [DANA]: ['group:default/data-platform'],
};

export const CRM = 'dataproduct:default/crm';
export const LEADS = 'dataset:default/leads';
export const CHURN = 'dataproduct:default/churn';

export function authHeader(user?: string): string {
  return user
    ? mockCredentials.user.header(user)
    : mockCredentials.none.header();
}

export function sampleEntities(): Entity[] {
  return [
    dataProduct('crm', { owner: 'team-sales', lifecycle: 'production' }),
    dataset('leads', 'crm', { owner: 'team-sales' }),
    dataProduct('churn', { owner: 'team-sales' }),
    dataProduct('orders', { owner: 'team-finance' }),
    dataset('orders-daily', 'orders', { owner: 'team-finance' }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'website', namespace: 'default' },
      spec: { type: 'service', owner: 'team-web', lifecycle: 'production' },
    },
  ];
}

export async function startRetirementBackend(options: {
  knex: Knex;
  config?: JsonObject;
}) {
  const entities = sampleEntities().map((entity, i) => ({
    ...entity,
    metadata: {
      ...entity.metadata,
      uid: `uid-${i}`,
      annotations: {
        'backstage.io/managed-by-origin-location': 'file:/portal/all.yaml',
      },
    },
  }));
  const byRef = new Map(
    entities.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
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
        principal?.type === 'user'
          ? [
              principal.userEntityRef,
              ...(GROUPS[principal.userEntityRef] ?? []),
            ]
          : [];
      return requests.map(r => {
        if (claims.includes('group:default/data-platform')) {
          return { result: AuthorizeResult.ALLOW };
        }
        if (ownerPermissions.has(r.permission.name)) {
          const entity = r.resourceRef
            ? byRef.get(r.resourceRef.toLocaleLowerCase('en-US'))
            : undefined;
          const owner = entity
            ? getOwnerRef(
                entity as unknown as DataProductEntity | DatasetEntity,
              )
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
      ownershipEntityRefs: [
        credentials.principal.userEntityRef,
        ...(GROUPS[credentials.principal.userEntityRef] ?? []),
      ],
    }),
  });

  const audits: Array<{ eventId: string; outcome?: string }> = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async (event: any) => {
      const recorded: { eventId: string; outcome?: string } = {
        eventId: event.eventId,
      };
      audits.push(recorded);
      return {
        success: async () => {
          recorded.outcome = 'success';
        },
        fail: async () => {
          recorded.outcome = 'fail';
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

  // An in-memory catalog; its entities come from a config location (not
  // removable), like the portal's sample data.
  const catalog = catalogServiceMock({ entities });
  catalog.getLocationByEntity = jest.fn(async (_ref: unknown) => undefined);
  const catalogFactory = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });

  const captured: { scheduler?: SchedulerService } = {};
  const captureScheduler = createBackendModule({
    pluginId: 'data-products',
    moduleId: 'retirement-test-scheduler',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          captured.scheduler = scheduler;
        },
      });
    },
  });

  const provisioner = new ArchivingFakeProvisioner();
  const { server } = await startTestBackend({
    features: [
      dataProductsPlugin,
      createFakeProvisionerModule(provisioner),
      captureScheduler,
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
    ],
  });
  return {
    server,
    sent,
    audits,
    catalog,
    provisioner,
    scheduler: captured.scheduler!,
  };
}
