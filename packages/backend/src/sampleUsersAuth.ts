/*
 * Sign-in "as a sample user" for the demo portal and the browser tests: the app's sign-in page
 * sets the `meshport-sample-user` cookie to a user name (alice, erin, ...) and calls
 * `/api/auth/sample-users/refresh`; this provider signs in as that User of the catalog.
 *
 * Anyone who can set a cookie can become anyone on the list, so, like the guest provider, it
 * refuses to run outside `NODE_ENV=development` unless
 * `auth.providers.sample-users.dangerouslyAllowOutsideDevelopment` is true, and it only exists
 * when `auth.providers.sample-users` is configured at all.
 */
import {
  DEFAULT_NAMESPACE,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
  type SignInResolver,
} from '@backstage/plugin-auth-node';

/** The cookie the sign-in page sets to the chosen user's name. */
export const SAMPLE_USER_COOKIE = 'meshport-sample-user';

/** What the authenticator hands the sign-in resolver. */
export interface SampleUserResult {
  userEntityRef: string;
}

/** A catalog entity name (`john.doe`): letters, digits and `-_.`, at most 63 characters. */
const ENTITY_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** The value of one cookie in a `Cookie` header, URL-decoded; undefined when absent. */
export function readCookie(
  header: string | undefined,
  name: string,
): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      const raw = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/**
 * The User entity ref of the chosen sample user, checked against the allowed names (the
 * `meshport.sampleUsers` the sign-in page offers) when there is such a list.
 */
export function resolveSampleUser(
  cookie: string | undefined,
  allowedNames: string[] | undefined,
): string {
  if (!cookie) {
    throw new AuthenticationError(
      `No sample user chosen: the ${SAMPLE_USER_COOKIE} cookie is not set. Pick a user on the sign-in page.`,
    );
  }
  if (!ENTITY_NAME.test(cookie)) {
    throw new InputError(
      `${SAMPLE_USER_COOKIE}: must be the name of a User entity such as alice (got ${JSON.stringify(
        cookie,
      )})`,
    );
  }
  if (allowedNames && !allowedNames.includes(cookie)) {
    throw new NotAllowedError(
      `${cookie} is not a sample user; the sample users are ${allowedNames.join(
        ', ',
      )} (meshport.sampleUsers)`,
    );
  }
  return stringifyEntityRef({
    kind: 'User',
    namespace: DEFAULT_NAMESPACE,
    name: cookie,
  });
}

/** Whether the provider may run: development only, unless dangerously allowed. */
function isDisabled(dangerouslyAllowOutsideDevelopment: boolean | undefined) {
  return (
    process.env.NODE_ENV !== 'development' &&
    dangerouslyAllowOutsideDevelopment !== true
  );
}

/** Reads the chosen user from the cookie; the profile comes from the catalog User. */
export function createSampleUsersAuthenticator(options: {
  allowedNames?: string[];
}) {
  return createProxyAuthenticator<
    { disabled: boolean },
    SampleUserResult,
    undefined
  >({
    async defaultProfileTransform(result, context) {
      try {
        const { entity } = await context.findCatalogUser({
          entityRef: result.userEntityRef,
        });
        const profile = (entity.spec?.profile ?? {}) as {
          displayName?: string;
          email?: string;
          picture?: string;
        };
        return {
          profile: {
            displayName:
              profile.displayName ??
              entity.metadata.title ??
              entity.metadata.name,
            email: profile.email,
            picture: profile.picture,
          },
        };
      } catch {
        // the sign-in resolver reports the missing user
        return { profile: {} };
      }
    },
    initialize({ config }) {
      return {
        disabled: isDisabled(
          config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment'),
        ),
      };
    },
    async authenticate({ req }, { disabled }) {
      if (disabled) {
        throw new NotAllowedError(
          "The sample-users sign-in cannot be used outside of a development environment unless 'auth.providers.sample-users.dangerouslyAllowOutsideDevelopment' is true",
        );
      }
      const userEntityRef = resolveSampleUser(
        readCookie(req.headers.cookie, SAMPLE_USER_COOKIE),
        options.allowedNames,
      );
      return { result: { userEntityRef } };
    },
  });
}

/** Signs in as the catalog User; a name with no User in the catalog is a clear error. */
export const signInAsSampleUser: SignInResolver<SampleUserResult> = async (
  { result },
  context,
) => {
  try {
    return await context.signInWithCatalogUser({
      entityRef: result.userEntityRef,
    });
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') {
      throw new NotFoundError(
        `${result.userEntityRef} is not a User in the catalog: sample users must be catalog Users (see examples/org.yaml)`,
      );
    }
    throw error;
  }
};

/** The `sample-users` auth provider (see the top of this file). */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'meshport-sample-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const allowedNames = config
          .getOptionalConfigArray('meshport.sampleUsers')
          ?.map(user => user.getString('name'));
        providers.registerProvider({
          providerId: 'sample-users',
          factory: createProxyAuthProviderFactory({
            authenticator: createSampleUsersAuthenticator({ allowedNames }),
            signInResolver: signInAsSampleUser,
          }),
        });
      },
    });
  },
});
