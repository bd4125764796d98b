/*
 * Sign-in through the portal's own providers without a browser, for Backstage's proxy-style
 * providers: `guest` (the embedded default) and Meshport's `sample-users` (development), which
 * answer `GET /api/auth/<provider>/refresh` with a Backstage user token. Every other provider signs
 * in through the browser (browserLogin.ts).
 */
import { PortalClient, PortalError } from './portal';
import { decodeJwtClaims, StoredLogin } from './session';
import { EXIT_PROBLEMS } from './output';

/** The sample-users provider reads the chosen user from this cookie (packages/backend). */
const SAMPLE_USER_COOKIE = 'meshport-sample-user';

export const BROWSERLESS_PROVIDERS = ['guest', 'sample-users'];

interface RefreshResponse {
  backstageIdentity?: {
    token?: string;
    expiresInSeconds?: number;
    identity?: { userEntityRef?: string };
  };
}

/** The token's expiry: its `exp` claim, else the provider's `expiresInSeconds`. */
export function expiryOf(
  token: string,
  expiresInSeconds?: number,
  now = Date.now(),
): string | undefined {
  const exp = decodeJwtClaims(token)?.exp;
  if (typeof exp === 'number') {
    return new Date(exp * 1000).toISOString();
  }
  return expiresInSeconds
    ? new Date(now + expiresInSeconds * 1000).toISOString()
    : undefined;
}

export async function signInWithProvider(
  portal: string,
  provider: string,
  user?: string,
): Promise<StoredLogin> {
  if (!BROWSERLESS_PROVIDERS.includes(provider)) {
    throw new PortalError(
      `The ${provider} sign-in needs a browser: run meshport login --portal ${portal} without --provider, which signs in on the portal's page, or use a pipeline token (backend.auth.externalAccess) in MESHPORT_TOKEN.`,
      undefined,
      EXIT_PROBLEMS,
    );
  }
  if (provider === 'sample-users' && !user) {
    throw new PortalError(
      'The sample-users sign-in needs --user <name> (e.g. --user alice): the sample user to sign in as.',
      undefined,
      EXIT_PROBLEMS,
    );
  }
  const client = new PortalClient({ portal });
  const response = await client.request<RefreshResponse>(
    `/api/auth/${encodeURIComponent(provider)}/refresh`,
    {
      query: { env: 'development' },
      headers: {
        'x-requested-with': 'XMLHttpRequest',
        ...(user
          ? { cookie: `${SAMPLE_USER_COOKIE}=${encodeURIComponent(user)}` }
          : {}),
      },
      notFound: message =>
        `The ${provider} sign-in of ${portal} failed: ${message}`,
      forbidden: message =>
        `The portal at ${portal} refused the ${provider} sign-in: ${message}`,
    },
  );
  const token = response?.backstageIdentity?.token;
  if (!token) {
    throw new PortalError(
      `The portal at ${portal} answered the ${provider} sign-in without a token; is it a Backstage portal?`,
      undefined,
      EXIT_PROBLEMS,
    );
  }
  return {
    token,
    provider,
    ...(user ? { user } : {}),
    expiresAt: expiryOf(token, response.backstageIdentity?.expiresInSeconds),
    userEntityRef:
      response.backstageIdentity?.identity?.userEntityRef ??
      decodeJwtClaims(token)?.sub,
  };
}
