/*
 * What every portal verb shares: the client for `--portal` and the caller's token (renewing an
 * expired token of a browserless development provider), and errors printed as sentences.
 */
import type { CommandContext } from '../commands/types';
import { PortalClient, PortalError } from './portal';
import { isExpired, resolveSession, storeLogin } from './session';
import { signInWithProvider } from './signIn';

export interface PortalOptions {
  portal?: string;
}

export async function connect(options: PortalOptions): Promise<PortalClient> {
  const session = await resolveSession(options.portal);
  let token = session.token;
  const login = session.login;
  if (
    session.tokenSource === 'login' &&
    login &&
    isExpired(login) &&
    login.provider
  ) {
    // guest and sample-users tokens last an hour; a new one costs nothing.
    const renewed = await signInWithProvider(
      session.portal,
      login.provider,
      login.user,
    ).catch(() => undefined);
    if (renewed) {
      await storeLogin(session.portal, renewed);
      token = renewed.token;
    }
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
