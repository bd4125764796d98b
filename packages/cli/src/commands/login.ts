import { Command } from 'commander';
import { PortalClient, PortalError } from '../lib/portal';
import { runPortalCommand } from '../lib/connect';
import {
  decodeJwtClaims,
  normalizePortalUrl,
  storeLogin,
  StoredLogin,
} from '../lib/session';
import { expiryOf, signInWithProvider } from '../lib/signIn';
import { signInWithBrowser } from '../lib/browserLogin';
import { parseTimeout } from './apply';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../lib/output';
import type { CommandContext } from './types';

export interface LoginOptions {
  portal?: string;
  provider?: string;
  user?: string;
  /** A token to store as is; `-` reads it from stdin. */
  token?: string;
  /** The portal's frontend, for the browser sign-in (default: the portal URL). */
  app?: string;
  /** False with --no-browser: print the page's URL without opening it. */
  browser?: boolean;
  /** How long the browser sign-in waits. */
  timeout?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** Who the portal says the token belongs to (`GET /api/auth/v1/userinfo`, user tokens only). */
async function whoAmI(portal: string, token: string): Promise<string> {
  const client = new PortalClient({ portal, token });
  try {
    const info = await client.request<{
      claims?: { sub?: string; ent?: string[] };
    }>('/api/auth/v1/userinfo');
    return info?.claims?.sub ?? 'a user';
  } catch (error) {
    if (error instanceof PortalError && error.status === 401) {
      throw new PortalError(
        `The portal at ${portal} does not accept this token: check it, or sign in again.`,
        401,
        EXIT_PROBLEMS,
      );
    }
    // A service token (external access) has no user info; a protected route tells if it works.
    await client.request('/api/catalog/entities', { query: { limit: 1 } });
    return 'a service (external access token)';
  }
}

/**
 * Signs in to a portal and stores the token for later verbs (0600, in the user's config folder).
 * Returns the exit code.
 */
export async function login(
  options: LoginOptions,
  context: CommandContext,
): Promise<number> {
  const portalGiven = options.portal ?? process.env.MESHPORT_PORTAL;
  if (!portalGiven) {
    throw new UsageError(
      'login needs --portal <url>, the portal backend such as http://localhost:7007',
    );
  }
  const portal = normalizePortalUrl(portalGiven);
  let stored: StoredLogin;
  if (options.token !== undefined) {
    const token =
      options.token === '-' ? await readStdin() : options.token.trim();
    if (!token) {
      throw new UsageError('--token: the token is empty');
    }
    stored = {
      token,
      expiresAt: expiryOf(token),
      userEntityRef: decodeJwtClaims(token)?.sub,
    };
  } else if (options.provider || options.user) {
    stored = await signInWithProvider(
      portal,
      options.provider ?? 'sample-users',
      options.user,
    );
  } else {
    // The portal's own sign-in, in the browser: its page hands the token to this CLI.
    const token = await signInWithBrowser({
      app: normalizePortalUrl(options.app ?? portal),
      open: options.browser !== false,
      timeoutMs: parseTimeout(options.timeout ?? '5m'),
      print: line => context.output.err(line),
    });
    stored = {
      token,
      expiresAt: expiryOf(token),
      userEntityRef: decodeJwtClaims(token)?.sub,
    };
  }
  const who = await whoAmI(portal, stored.token);
  const file = await storeLogin(portal, stored);
  context.output.out(
    `Signed in to ${portal} as ${who}${
      stored.expiresAt
        ? ` until ${new Date(stored.expiresAt).toUTCString()}`
        : ''
    }; the token is in ${file}.`,
  );
  return EXIT_OK;
}

export function registerLoginCommand(
  program: Command,
  context: CommandContext,
) {
  program
    .command('login')
    .description(
      "Sign in to a portal (in the browser, through the portal's own sign-in) and store the token for the other verbs (MESHPORT_TOKEN overrides it)",
    )
    .option('--portal <url>', 'the portal backend, e.g. http://localhost:7007')
    .option(
      '--app <url>',
      "the portal's frontend, whose page signs the CLI in (default: --portal, for a backend that serves the app)",
    )
    .option('--no-browser', "print the sign-in page's URL without opening it")
    .option(
      '--timeout <duration>',
      'how long to wait for the sign-in on the page',
      '5m',
    )
    .option(
      '--provider <id>',
      'sign in without a browser through a provider that needs none: guest or sample-users',
    )
    .option('--user <name>', 'the sample user to sign in as (sample-users)')
    .option(
      '--token <token>',
      'store this token instead (from a browser sign-in or a pipeline); - reads it from stdin',
    )
    .action(async (options: LoginOptions) => {
      await runPortalCommand(context, () => login(options, context));
    });
}
