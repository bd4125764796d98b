import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import type { AddressInfo } from 'node:net';
import sampleUsersModule, {
  SAMPLE_USER_COOKIE,
  readCookie,
  resolveSampleUser,
} from './sampleUsersAuth';

const erin: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'erin', namespace: 'default' },
  spec: {
    profile: { displayName: 'Erin Logistics', email: 'erin@meshport.example' },
    memberOf: ['team-logistics'],
  },
  relations: [{ type: 'memberOf', targetRef: 'group:default/team-logistics' }],
};

const SAMPLE_USERS = [{ name: 'erin' }, { name: 'ghost' }];

async function startPortal(providerConfig: {
  dangerouslyAllowOutsideDevelopment?: boolean;
}) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      sampleUsersModule,
      catalogServiceMock.factory({ entities: [erin] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers: { 'sample-users': providerConfig } },
          meshport: { sampleUsers: SAMPLE_USERS },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  return (cookie?: string) =>
    fetch(`http://localhost:${port}/api/auth/sample-users/refresh`, {
      headers: {
        'X-Requested-With': 'XMLHttpRequest',
        ...(cookie ? { Cookie: cookie } : {}),
      },
    });
}

describe('readCookie', () => {
  it('finds one cookie among several and decodes it', () => {
    expect(
      readCookie(
        `theme=dark; ${SAMPLE_USER_COOKIE}=john.doe; other=x`,
        SAMPLE_USER_COOKIE,
      ),
    ).toBe('john.doe');
    expect(readCookie(`${SAMPLE_USER_COOKIE}=a%20b`, SAMPLE_USER_COOKIE)).toBe(
      'a b',
    );
    expect(readCookie('x-meshport-sample-user=erin', SAMPLE_USER_COOKIE)).toBe(
      undefined,
    );
    expect(readCookie(undefined, SAMPLE_USER_COOKIE)).toBeUndefined();
  });
});

describe('resolveSampleUser', () => {
  it('turns a listed name into a User ref of the default namespace', () => {
    expect(resolveSampleUser('john.doe', ['john.doe'])).toBe(
      'user:default/john.doe',
    );
    expect(resolveSampleUser('alice', undefined)).toBe('user:default/alice');
  });

  it.each([
    [undefined, /No sample user chosen/],
    ['', /No sample user chosen/],
    ['user:default/erin', /must be the name of a User entity/],
    ['../admin', /must be the name of a User entity/],
    ['mallory', /mallory is not a sample user; the sample users are erin/],
  ])('refuses %j', (cookie, message) => {
    expect(() => resolveSampleUser(cookie, ['erin'])).toThrow(message);
  });
});

describe('the sample-users auth provider', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('signs in as the catalog user named by the cookie, with their groups and profile', async () => {
    process.env.NODE_ENV = 'development';
    const refresh = await startPortal({});

    const response = await refresh(`${SAMPLE_USER_COOKIE}=erin`);

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/erin',
      ownershipEntityRefs: expect.arrayContaining([
        'user:default/erin',
        'group:default/team-logistics',
      ]),
    });
    expect(body.backstageIdentity.token).toEqual(expect.any(String));
    expect(body.profile).toEqual({
      displayName: 'Erin Logistics',
      email: 'erin@meshport.example',
    });
  });

  it('says clearly when no user was chosen, or the user is not in the catalog', async () => {
    process.env.NODE_ENV = 'development';
    const refresh = await startPortal({});

    const none = await refresh();
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toMatch(/No sample user chosen/);

    const ghost = await refresh(`${SAMPLE_USER_COOKIE}=ghost`);
    expect(ghost.status).toBe(404);
    expect((await ghost.json()).error.message).toMatch(
      /user:default\/ghost is not a User in the catalog/,
    );

    const unlisted = await refresh(`${SAMPLE_USER_COOKIE}=mallory`);
    expect(unlisted.status).toBe(403);
  });

  it('refuses to run outside development unless dangerously allowed', async () => {
    process.env.NODE_ENV = 'production';
    const refuse = await startPortal({});
    const refused = await refuse(`${SAMPLE_USER_COOKIE}=erin`);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(
      /cannot be used outside of a development environment/,
    );

    const allow = await startPortal({
      dangerouslyAllowOutsideDevelopment: true,
    });
    expect((await allow(`${SAMPLE_USER_COOKIE}=erin`)).status).toBe(200);
  });
});
