/*
 * Hole 3 of issue #11: with the portal's own configuration files, the guest and the sample users
 * can sign in during development only. Under app-config.production.yaml with NODE_ENV=production
 * (and with app-config.yaml alone outside development), their refresh endpoints refuse.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConfigSources, FileConfigSource } from '@backstage/config-loader';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sampleUsersModule, { SAMPLE_USER_COOKIE } from './sampleUsersAuth';

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, '../../..');

const guest: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default' },
  spec: { memberOf: ['team-sales'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/team-sales' }],
};

/** The portal's config files as the backend loads them (environment variables substituted). */
async function portalConfig(files: string[], extra: object = {}) {
  const env: Record<string, string> = {
    POSTGRES_HOST: 'localhost',
    POSTGRES_PORT: '5432',
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: 'secret',
  };
  const sources = ConfigSources.merge(
    files.map(file =>
      FileConfigSource.create({
        path: path.join(repoRoot, file),
        substitutionFunc: async name => env[name],
      }),
    ),
  );
  const loaded = await ConfigSources.toConfig(sources);
  loaded.close();
  return ConfigReader.fromConfigs([
    { context: 'files', data: loaded.get() },
    // the test's own database; everything else as the files say
    {
      context: 'test',
      data: {
        backend: {
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        ...extra,
      },
    },
  ]);
}

async function refreshWith(
  files: string[],
  nodeEnv: string,
  extra: object = {},
) {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = nodeEnv;
  try {
    const config = await portalConfig(files, extra);
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        guestProviderModule,
        sampleUsersModule,
        catalogServiceMock.factory({ entities: [guest] }),
        createServiceFactory({
          service: coreServices.rootConfig,
          deps: {},
          factory: () => config,
        }),
      ],
    });
    const { port } = server.address() as AddressInfo;
    const refresh = (provider: string) =>
      fetch(`http://localhost:${port}/api/auth/${provider}/refresh`, {
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          Cookie: `${SAMPLE_USER_COOKIE}=guest`,
        },
      });
    return {
      guest: await refresh('guest'),
      sampleUsers: await refresh('sample-users'),
    };
  } finally {
    process.env.NODE_ENV = previous;
  }
}

const tokenOf = async (response: Response) =>
  ((await response.json()) as any).backstageIdentity?.token;

describe('sign-in without an identity provider', () => {
  it('works in development with app-config.yaml (the embedded default)', async () => {
    const { guest: response, sampleUsers } = await refreshWith(
      ['app-config.yaml'],
      'development',
    );
    expect(response.status).toBe(200);
    expect(await tokenOf(response)).toEqual(expect.any(String));
    expect(sampleUsers.status).toBe(200);
  });

  it('is refused under app-config.production.yaml', async () => {
    const { guest: response, sampleUsers } = await refreshWith(
      ['app-config.yaml', 'app-config.production.yaml'],
      'production',
    );
    expect(response.ok).toBe(false);
    expect(await tokenOf(response)).toBeUndefined();
    expect(sampleUsers.status).toBe(404);
  });

  it('is refused outside development with app-config.yaml alone', async () => {
    const { guest: response, sampleUsers } = await refreshWith(
      ['app-config.yaml'],
      'production',
    );
    expect(response.ok).toBe(false);
    expect(await tokenOf(response)).toBeUndefined();
    expect(sampleUsers.ok).toBe(false);
  });

  it('would let anyone in as the guest with the old dangerouslyAllowOutsideDevelopment (the reproduction)', async () => {
    const { guest: response } = await refreshWith(
      ['app-config.yaml'],
      'production',
      {
        auth: {
          providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
        },
      },
    );
    expect(response.status).toBe(200);
  });
});
