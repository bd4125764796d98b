/*
 * Hole 4 of issue #11: a portal that installs the Meshport plugins with the permission framework
 * on and no rules of its own (the Backstage default: an allow-all policy) lets anyone approve
 * access to any dataset. With this module as its policy, only the dataset's owners (and Meshport
 * admins) may. Real parts: the permission backend, the permissions service, the catalog (which
 * resolves the owner condition) and the data-products plugin's access routes.
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import catalogModuleDataProducts from '@meshport/plugin-catalog-backend-module-data-products';
// The test wires the real data-products backend: its routes are what the policy must protect.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import dataProductsPlugin from '@meshport/plugin-data-products-backend';
import request from 'supertest';
import yaml from 'yaml';
import permissionModuleDataProductsPolicy from '.';

jest.setTimeout(90_000);

const ALICE = 'user:default/alice'; // team-sales: owns the consumer, churn
const BOB = 'user:default/bob'; // team-finance: owns the dataset, orders-daily
const CAROL = 'user:default/carol'; // team-marketing: owns neither
const MEMBERSHIPS: Record<string, string> = {
  [ALICE]: 'group:default/team-sales',
  [BOB]: 'group:default/team-finance',
  [CAROL]: 'group:default/team-marketing',
};

const environments = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-dev-datalake' } },
    readsFrom: [],
  },
];

const entities: Entity[] = [
  ...['team-sales', 'team-finance', 'team-marketing'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [] },
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'sales' },
    spec: { owner: 'team-sales' },
  },
  ...[
    ['churn', 'team-sales'],
    ['orders', 'team-finance'],
  ].map(([name, owner]) => ({
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name },
    spec: { owner, domain: 'sales', environments: ['dev'] },
  })),
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name: 'orders-daily' },
    spec: {
      dataProduct: 'orders',
      owner: 'team-finance',
      access: 'restricted',
      outputs: [{ type: 's3', bucket: 'datalake', path: 'orders/daily/' }],
    },
  },
];

/**
 * The mock HTTP auth, except that a plugin's on-behalf-of token yields the user with the plugin
 * as actor, as real tokens do (the permission backend tells direct user requests apart by it).
 */
const USER_TOKEN_PREFIX = mockCredentials.user.token(ALICE).split('{')[0];
const oboAwareHttpAuth = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      issueUserCookie: (res: any, options?: any) =>
        inner.issueUserCookie(res, options),
      async credentials(req: any, options?: any) {
        const credentials: any = await inner.credentials(req, options);
        const token = String(req.headers.authorization ?? '').replace(
          /^Bearer\s+/i,
          '',
        );
        if (
          credentials.principal.type === 'user' &&
          !token.startsWith(USER_TOKEN_PREFIX)
        ) {
          return mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: 'plugin' },
          });
        }
        return credentials;
      },
    } as any;
  },
});

/** Stands in for a stock portal's `permissionModuleAllowAllPolicy`. */
const allowAllPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'allow-all-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          handle: async () => ({ result: AuthorizeResult.ALLOW }),
        });
      },
    });
  },
});

async function startPortal(policyModule: typeof allowAllPolicy) {
  const dir = createMockDirectory({
    content: { 'all.yaml': entities.map(e => yaml.stringify(e)).join('---\n') },
  });
  const { server } = await startTestBackend({
    features: [
      permissionPlugin,
      policyModule,
      catalogPlugin,
      catalogModuleDataProducts,
      dataProductsPlugin,
      permissionsServiceFactory,
      oboAwareHttpAuth,
      // the sign-in resolver's ownership refs: the user and their team
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: any) {
            const ref = credentials.principal.userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, MEMBERSHIPS[ref]],
            };
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          catalog: {
            rules: [{ allow: ['Group', 'Domain', 'DataProduct', 'Dataset'] }],
            locations: [{ type: 'file', target: dir.resolve('all.yaml') }],
          },
          meshport: { environments, admins: ['data-platform'] },
        },
      }),
    ],
  });

  // until the catalog has processed the dataset and its owner
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await request(server)
      .get('/api/catalog/entities/by-name/dataset/default/orders-daily')
      .set('Authorization', mockCredentials.user.header(BOB));
    if (
      response.status === 200 &&
      response.body.relations?.some((r: any) => r.type === 'ownedBy')
    ) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error('the catalog did not process the sample entities');
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  return server;
}

const BASE = '/api/data-products/access/requests';

async function requestAccess(server: any) {
  const response = await request(server)
    .post(BASE)
    .set('Authorization', mockCredentials.user.header(ALICE))
    .send({
      consumer: 'dataproduct:default/churn',
      dataset: 'dataset:default/orders-daily',
      environments: ['dev'],
      purpose: 'Churn model features',
      duration: '90d',
    });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

const approve = (server: any, id: string, user: string) =>
  request(server)
    .post(`${BASE}/${id}/approve`)
    .set('Authorization', mockCredentials.user.header(user))
    .send({});

describe('a portal with the permission framework on', () => {
  it('with an allow-all policy, lets anyone approve (the reproduction)', async () => {
    const server = await startPortal(allowAllPolicy);
    const id = await requestAccess(server);
    const response = await approve(server, id, CAROL);
    expect(response.status).toBe(200);
  });

  it("with this module, refuses a non-owner's approval and lets the dataset's owner approve", async () => {
    const server = await startPortal(permissionModuleDataProductsPolicy);
    const id = await requestAccess(server);

    const refused = await approve(server, id, CAROL);
    expect(refused.status).toBe(403);

    const approved = await approve(server, id, BOB);
    expect(approved.status).toBe(200);
    expect(approved.body.status).not.toBe('pending');
  });
});
