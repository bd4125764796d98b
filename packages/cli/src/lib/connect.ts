/*
 * What every portal verb shares: the client for `--portal` and the caller's token (renewing an
 * expired token of a browserless development provider), and errors printed as sentences.
 */
import type { CommandContext } from '../commands/types';
import { PortalClient, PortalError } from './portal';
import { isExpired, resolveSession, storeLogin } from './session';
import { signInWithProvider } from './signIn';
import { EXIT_PROBLEMS } from './output';

export interface PortalOptions {
  portal?: string;
}

export async function connect(options: PortalOptions): Promise<PortalClient> {
  const session = await resolveSession(options.portal);
  let token = session.token;
  const login = session.login;
  if (session.tokenSource === 'login' && login && isExpired(login)) {
    // guest and sample-users tokens last an hour; a new one costs nothing.
    const renewed = login.provider
      ? await signInWithProvider(
          session.portal,
          login.provider,
          login.user,
        ).catch(() => undefined)
      : undefined;
    if (!renewed) {
      // A browser sign-in's token cannot be renewed here: say so instead of a 401.
      throw new PortalError(
        `Your sign-in to ${session.portal} expired on ${new Date(
          login.expiresAt!,
        ).toUTCString()}: run meshport login --portal ${session.portal}.`,
        401,
        EXIT_PROBLEMS,
      );
    }
    await storeLogin(session.portal, renewed);
    token = renewed.token;
  }
  return new PortalClient({ portal: session.portal, token });
}

/** Runs a verb; a PortalError prints `meshport: <sentence>` and sets the exit code. */
export async function runPortalCommand(
  context: CommandContext,
  run: () => Promise<number>,
): Promise<void> {
  try {
    context.setExitCode(await run());
  } catch (error) {
    if (error instanceof PortalError) {
      context.output.err(`meshport: ${error.message}`);
      context.setExitCode(error.exitCode);
      return;
    }
    throw error;
  }
}
