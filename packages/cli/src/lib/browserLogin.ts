/*
 * `meshport login` through the browser: the CLI listens on a random port of 127.0.0.1 with a
 * random `state`, and the portal's page /meshport/cli-login, once the user signed in there and
 * clicked Allow, posts the user's Backstage token to that loopback address only. The CLI takes
 * one POST /callback from the portal's origin with the right state, and nothing else.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { EXIT_PROBLEMS } from './output';
import { PortalError } from './portal';

/** The page of the portal's frontend (plugins/data-products: CliLoginPage). */
export const CLI_LOGIN_PATH = '/meshport/cli-login';
export const CALLBACK_PATH = '/callback';

export interface CallbackRequest {
  method: string;
  path: string;
  /** The `Origin` header. */
  origin?: string;
  contentType?: string;
  body?: string;
}

export type CallbackOutcome =
  | { kind: 'preflight' }
  | { kind: 'token'; token: string }
  | { kind: 'denied' }
  | { kind: 'refused'; status: number; problem: string };

/**
 * What the loopback listener does with a request: answer the browser's CORS preflight, take the
 * token (or the user's refusal) posted by the portal's page with the expected state, or refuse.
 * Pure.
 */
export function checkCallbackRequest(
  request: CallbackRequest,
  expected: { state: string; appOrigin: string },
): CallbackOutcome {
  const refused = (status: number, problem: string): CallbackOutcome => ({
    kind: 'refused',
    status,
    problem,
  });
  if (request.path.split('?')[0] !== CALLBACK_PATH) {
    return refused(404, `Only ${CALLBACK_PATH} is served here.`);
  }
  if (request.origin !== expected.appOrigin) {
    return refused(
      403,
      `Only the portal at ${
        expected.appOrigin
      } may sign in this CLI (the request came from ${
        request.origin ?? 'no web page'
      }).`,
    );
  }
  if (request.method === 'OPTIONS') {
    return { kind: 'preflight' };
  }
  if (request.method !== 'POST') {
    return refused(405, 'Only POST is accepted.');
  }
  if (!/^application\/json\b/i.test(request.contentType ?? '')) {
    return refused(415, 'The body must be JSON.');
  }
  let body: { state?: unknown; token?: unknown; denied?: unknown };
  try {
    body = JSON.parse(request.body ?? '');
  } catch {
    return refused(400, 'The body must be JSON.');
  }
  const given = typeof body?.state === 'string' ? body.state : '';
  const same =
    given.length === expected.state.length &&
    crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected.state));
  if (!same) {
    return refused(
      400,
      'state: does not match the sign-in this CLI started; run meshport login again.',
    );
  }
  if (body.denied === true) {
    return { kind: 'denied' };
  }
  if (typeof body.token !== 'string' || body.token.split('.').length !== 3) {
    return refused(400, 'token: must be the Backstage token of the user.');
  }
  return { kind: 'token', token: body.token };
}

/** The page the user opens: the portal's sign-in page for this CLI. */
export function cliLoginUrl(
  app: string,
  callback: string,
  state: string,
  client: string,
): string {
  const url = new URL(CLI_LOGIN_PATH, app);
  url.searchParams.set('callback', callback);
  url.searchParams.set('state', state);
  url.searchParams.set('client', client);
  return url.toString();
}

/** Opens the page with the desktop's browser when there is one; says nothing when not. */
export function openInBrowser(url: string): void {
  const commands: Partial<Record<NodeJS.Platform, string>> = {
    darwin: 'open',
    linux: 'xdg-open',
    freebsd: 'xdg-open',
    openbsd: 'xdg-open',
  };
  const command = commands[process.platform];
  if (!command) {
    return;
  }
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {}); // not installed: the printed URL is enough
    child.unref();
  } catch {
    // no browser to open
  }
}

/**
 * Runs the loopback sign-in: prints the page's URL (and opens it unless `open` is false), then
 * resolves to the token the page posts. Rejects with a sentence when the user refuses or the
 * time runs out.
 */
export async function signInWithBrowser(options: {
  app: string;
  open: boolean;
  timeoutMs: number;
  print: (line: string) => void;
}): Promise<string> {
  const appOrigin = new URL(options.app).origin;
  const state = crypto.randomBytes(32).toString('base64url');
  const client = `meshport CLI on ${os.hostname()} (${os.userInfo().username})`;
  let settle: (outcome: { token?: string; error?: PortalError }) => void;
  const outcome = new Promise<{ token?: string; error?: PortalError }>(
    resolve => {
      settle = resolve;
    },
  );
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) {
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const result = checkCallbackRequest(
        {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          origin: req.headers.origin,
          contentType: req.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        },
        { state, appOrigin },
      );
      const cors: Record<string, string> =
        req.headers.origin === appOrigin
          ? {
              'access-control-allow-origin': appOrigin,
              'access-control-allow-methods': 'POST',
              'access-control-allow-headers': 'content-type',
              'access-control-allow-private-network': 'true',
              vary: 'origin',
            }
          : {};
      const answer = (status: number, message?: string) => {
        res.writeHead(status, {
          ...cors,
          'content-type': 'application/json',
          'cache-control': 'no-store',
        });
        res.end(message ? JSON.stringify({ message }) : '');
      };
      switch (result.kind) {
        case 'preflight':
          answer(204);
          return;
        case 'refused':
          answer(result.status, result.problem);
          return;
        case 'denied':
          answer(200, 'The CLI was told you refused.');
          res.once('finish', () =>
            settle({
              error: new PortalError(
                'You refused the sign-in on the portal page; nothing was stored.',
                undefined,
                EXIT_PROBLEMS,
              ),
            }),
          );
          return;
        default:
          answer(200, 'Signed in: return to your terminal.');
          // Settled once the answer is sent: the listener closes right after.
          res.once('finish', () => settle({ token: result.token }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = cliLoginUrl(
    options.app,
    `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    state,
    client,
  );
  options.print(
    `Open this page to sign in the CLI (it waits ${Math.round(
      options.timeoutMs / 60_000,
    )} minutes):`,
  );
  options.print(url);
  if (options.open) {
    openInBrowser(url);
  }
  const timer = setTimeout(
    () =>
      settle({
        error: new PortalError(
          `Nobody signed in on the portal page within ${Math.round(
            options.timeoutMs / 60_000,
          )} minutes: run meshport login again.`,
          undefined,
          EXIT_PROBLEMS,
        ),
      }),
    options.timeoutMs,
  );
  try {
    const { token, error } = await outcome;
    if (error) {
      throw error;
    }
    return token!;
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
}
