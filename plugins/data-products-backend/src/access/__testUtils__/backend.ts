/*
 * A test backend for the access-requests routes: the real plugin on a test
 * database, a fake provisioner, a catalog of sample entities, and a
 * permission mock that behaves like the portal's policy (admins may do
 * everything; owner permissions need ownership of the entity).
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
  dataProductsOwnerPermissions,
  DataProductEntity,
  DatasetEntity,
  getOwnerRef,
} from '@meshport/plugin-data-products-common';
import { Knex } from 'knex';
import { dataProductsPlugin } from '../../plugin';
import {
  createFakeProvisionerModule,
  FakeProvisioner,
} from '../../testing/FakeProvisioner';
import {
  dataProduct,
  dataset,
  testEnvironmentsConfig,
} from '../../testing/entities';

export const BASE = '/api/data-products/access/requests';

export const ALICE = 'user:default/alice'; // team-sales: owns the consumer churn
export const GUEST = 'user:default/guest'; // team-sales too
export const BOB = 'user:default/bob'; // team-finance: owns the orders datasets
export const CAROL = 'user:default/carol'; // team-marketing: unrelated
export const DANA = 'user:default/dana'; // data-platform: a Meshport admin
/** Ten more team-finance members, for races between deciders. */
export const FINANCE = Array.from(
  { length: 10 },
  (_, i) => `user:default/finance-${i}`,
);

export const SALES = 'group:default/team-sales';
export const FINANCE_GROUP = 'group:default/team-finance';

const GROUPS: Record<string, string[]> = {
  [ALICE]: [SALES],
  [GUEST]: [SALES],
  [BOB]: [FINANCE_GROUP],
  [CAROL]: ['group:default/team-marketing'],
  [DANA]: ['group:default/data-platform'],
  ...Object.fromEntries(FINANCE.map(user => [user, [FINANCE_GROUP]])),
};

export function ownershipOf(user: string): string[] {
  return [user, ...(GROUPS[user] ?? [])];
}

export const CHURN = 'dataproduct:default/churn';
export const ORDERS_DAILY = 'dataset:default/orders-daily';

/** Datasets of `orders` (team-finance) for tests that need a fresh pair each. */
export const SPARE_DATASETS = Array.from(
  { length: 40 },
  (_, i) => `spare-${i}`,
);

export function sampleEntities(): Entity[] {
  const finance = { owner: 'team-finance' };
  return [
    dataProduct('churn', { owner: 'team-sales', environments: ['dev', 'prd'] }),
    dataProduct('orders', finance),
    dataProduct('crm', { owner: 'team-sales' }),
    dataset('orders-daily', 'orders', finance),
    dataset('orders-open', 'orders', { ...finance, access: 'unrestricted' }),
    dataset('orders-raw', 'orders', { ...finance, access: 'private' }),
    dataset('orders-legacy', 'orders', { ...finance, lifecycle: 'deprecated' }),
    dataset('orders-race', 'orders', finance),
    dataset('leads', 'crm', { owner: 'team-sales' }),
    ...SPARE_DATASETS.map(name => dataset(name, 'orders', finance)),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'website', namespace: 'default' },
      spec: { type: 'service', owner: 'team-web', lifecycle: 'production' },
    },
  ];
}

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

export async function startAccessBackend(options: {
  knex: Knex;
  config?: JsonObject;
  entities?: Entity[];
  provisioner?: FakeProvisioner;
  /** Permission names the policy denies to everyone but admins (a stricter portal). */
  deny?: string[];
}) {
  const entities = options.entities ?? sampleEntities();
  const byRef = new Map(
    entities.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
  );
  const ownerPermissions = new Set(
    dataProductsOwnerPermissions.map(p => p.name),
  );

  // The portal's policy: admins everything; owner permissions for owners.
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
            ? byRef.get(r.resourceRef.toLocaleLowerCase('en-US'))
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
      const recorded: RecordedAudit = {
        eventId: event.eventId,
        meta: event.meta,
      };
      audits.push(recorded);
      return {
        success: async (o?: { meta?: JsonObject }) => {
          recorded.outcome = 'success';
          recorded.successMeta = o?.meta;
        },
        fail: async (o: { error: Error }) => {
          recorded.outcome = 'fail';
          recorded.error = o.error;
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

  const provisioner = options.provisioner ?? new FakeProvisioner();
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
      catalogServiceMock.factory({ entities }),
      permissions.factory,
      userInfo.factory,
      auditor.factory,
      notifications,
    ],
  });

  return {
    server,
    knex: options.knex,
    sent,
    audits,
    provisioner,
    scheduler: captured.scheduler!,
  };
}
