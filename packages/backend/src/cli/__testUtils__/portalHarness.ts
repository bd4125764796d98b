/*
 * A Meshport portal for tests of the `meshport` CLI: the real catalog (with the DataProduct and
 * Dataset kinds and the sample organisation of examples/), the data-products plugin with the AWS
 * provisioner in plan mode, the real auth backend (guest and sample-users sign-in), external
 * access for pipelines, notifications, and the real permission backend with the portal's policy.
 */
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import sampleUsersProvider from '../../sampleUsersAuth';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleDataProducts from '@meshport/plugin-catalog-backend-module-data-products';
import dataProductsPlugin from '@meshport/plugin-data-products-backend';
import awsProvisioner from '@meshport/plugin-data-products-backend-module-aws';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import signalsPlugin from '@backstage/plugin-signals-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import meshportPolicy from '@meshport/plugin-permission-backend-module-data-products';
import catalogLocationTypes from '../../catalogLocationTypes';
import {
  catalogModuleMeshportLocalGit,
  dataProductsModuleLocalGitPush,
} from '@meshport/plugin-scaffolder-backend-module-data-products';
import { startOidcIssuer } from './oidcIssuer';

const EXAMPLES = resolvePackagePath('backend', '../../examples');

/** The static token of the sales-orders pipeline (`backend.auth.externalAccess`). */
export const SALES_PIPELINE_TOKEN = 'ci-web-orders-0123456789abcdef';

/** The audience the portal expects in CI OIDC tokens. */
export const OIDC_AUDIENCE = 'https://portal.meshport.test';

export interface TestPortal {
  url: string;
  /** Signs an OIDC token of the test CI for a subject (`repo:acme/web-orders:ref:refs/heads/main`). */
  ciToken(subject: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the portal on a random port. `database` is the `backend.database` config: SQLite in
 * memory, or a PostgreSQL connection with a prefix of its own.
 */
export async function startTestPortal(
  database: JsonObject,
  options: {
    /** The wizard's repositories on the portal host (`meshport.scaffolder.localGit.directory`). */
    localGitDirectory?: string;
  } = {},
): Promise<TestPortal> {
  const ci = await startOidcIssuer();
  // As documented for GitHub Actions (packages/cli/README.md): scoped to the catalog and Meshport.
  const accessRestrictions = [
    { plugin: 'catalog' },
    { plugin: 'data-products' },
  ];
  const backend = await startTestBackend({
    features: [
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      permissionsServiceFactory,
      databaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: 'http://localhost:7007',
            database,
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: {
                    token: SALES_PIPELINE_TOKEN,
                    subject: 'ci-web-orders',
                  },
                  accessRestrictions,
                },
                {
                  type: 'jwks',
                  options: {
                    url: ci.jwksUrl,
                    issuer: ci.issuer,
                    algorithm: 'ES256',
                    audience: OIDC_AUDIENCE,
                    subjectPrefix: 'github',
                  },
                  accessRestrictions,
                },
              ],
            },
          },
          auth: {
            environment: 'development',
            providers: {
              guest: {
                userEntityRef: 'user:default/guest',
                dangerouslyAllowOutsideDevelopment: true,
              },
              'sample-users': { dangerouslyAllowOutsideDevelopment: true },
            },
          },
          permission: { enabled: true },
          catalog: {
            rules: [
              {
                allow: [
                  'Group',
                  'User',
                  'Domain',
                  'Location',
                  'DataProduct',
                  'Dataset',
                ],
              },
            ],
            locations: [
              { type: 'file', target: path.join(EXAMPLES, 'org.yaml') },
              { type: 'file', target: path.join(EXAMPLES, 'domains.yaml') },
            ],
          },
          meshport: {
            catalog: { allowedLocationTypes: ['url', 'file'] },
            admins: ['data-platform'],
            sampleUsers: [
              { name: 'alice' },
              { name: 'carol' },
              { name: 'dana' },
            ],
            environments: [
              {
                name: 'dev',
                accountId: '111111111111',
                region: 'eu-west-1',
                buckets: { datalake: { name: 'meshport-dev-datalake' } },
                readsFrom: [],
              },
            ],
            provisioning: { mode: 'plan' },
            ...(options.localGitDirectory
              ? {
                  scaffolder: {
                    localGit: { directory: options.localGitDirectory },
                  },
                }
              : {}),
            pipelines: [
              { subject: 'ci-web-orders', dataProducts: ['web-orders'] },
              {
                subject: 'external:github:repo:acme/web-orders:*',
                dataProducts: ['web-orders'],
              },
            ],
          },
        },
      }),
      authPlugin,
      guestProvider,
      sampleUsersProvider,
      catalogPlugin,
      catalogModuleDataProducts,
      catalogLocationTypes,
      dataProductsPlugin,
      awsProvisioner,
      notificationsPlugin,
      signalsPlugin,
      permissionPlugin,
      meshportPolicy,
      // The wizard's repositories on the portal host: read by the catalog, pushed to by apply.
      ...(options.localGitDirectory
        ? [catalogModuleMeshportLocalGit, dataProductsModuleLocalGitPush]
        : []),
    ],
  });
  const url = `http://localhost:${backend.server.port()}`;
  // The sample organisation must be in the catalog before anyone signs in.
  const deadline = Date.now() + 60_000;
  for (;;) {
    // ... with the memberships: a token carries the ownership the catalog had at sign-in.
    const users = await Promise.all(
      ['alice', 'carol'].map(name =>
        fetch(`${url}/api/catalog/entities/by-name/user/default/${name}`, {
          headers: { authorization: `Bearer ${SALES_PIPELINE_TOKEN}` },
        }).then(response => (response.ok ? response.json() : undefined)),
      ),
    );
    if (
      users.every(user =>
        user?.relations?.some((r: { type: string }) => r.type === 'memberOf'),
      )
    ) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(`The catalog did not read ${EXAMPLES}/org.yaml in time`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  return {
    url,
    ciToken: subject => ci.token(subject, OIDC_AUDIENCE),
    stop: async () => {
      await backend.stop();
      await ci.close();
    },
  };
}
