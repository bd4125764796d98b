import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortalClient, PortalError } from './portal';

/** A portal stand-in on a random port answering each path with a status and a Backstage error body. */
async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise(r => server.close(r)),
  };
}

function failWith(
  res: http.ServerResponse,
  status: number,
  name: string,
  message: string,
) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      error: { name, message },
      response: { statusCode: status },
    }),
  );
}

describe('PortalClient', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const seen: Array<{ url?: string; authorization?: string; body: string }> =
    [];

  beforeAll(async () => {
    server = await startServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        seen.push({
          url: req.url,
          authorization: req.headers.authorization,
          body,
        });
        const status = Number(new URL(req.url!, 'http://x').pathname.slice(1));
        if (status === 200) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true }));
        } else {
          failWith(res, status, 'SomeError', `server says ${status}`);
        }
      });
    });
  });
  afterAll(() => server.close());

  const error = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      e => e as PortalError,
    );

  it('sends the token, the query and the JSON body', async () => {
    const client = new PortalClient({ portal: server.url, token: 'tok' });
    await expect(
      client.request('/200', {
        query: { status: ['a', 'b'], mine: true, skip: undefined },
        body: { note: 'x' },
      }),
    ).resolves.toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({
      url: '/200?status=a&status=b&mine=true',
      authorization: 'Bearer tok',
      body: '{"note":"x"}',
    });
  });

  it('turns 401 into "run meshport login"', async () => {
    const anonymous = await error(
      new PortalClient({ portal: server.url }).request('/401'),
    );
    expect(anonymous.message).toBe(
      `You are not signed in to ${server.url}: run meshport login --portal ${server.url}, or set MESHPORT_TOKEN.`,
    );
    const expired = await error(
      new PortalClient({ portal: server.url, token: 'old' }).request('/401'),
    );
    expect(expired.message).toBe(
      `The portal at ${server.url} did not accept your token (server says 401): run meshport login --portal ${server.url} again, or set MESHPORT_TOKEN to a valid token.`,
    );
    expect(expired.exitCode).toBe(1);
  });

  it('asks the caller who may do it on 403, and passes the portal sentences of 404 and 409 on', async () => {
    const client = new PortalClient({ portal: server.url, token: 't' });
    const forbidden = await error(
      client.request('/403', {
        forbidden: message => `Only Sales may (${message})`,
      }),
    );
    expect([forbidden.status, forbidden.message]).toEqual([
      403,
      'Only Sales may (server says 403)',
    ]);
    expect((await error(client.request('/404'))).message).toBe(
      'server says 404.',
    );
    expect((await error(client.request('/409'))).message).toBe(
      'The portal cannot do that now: server says 409.',
    );
    expect((await error(client.request('/400'))).message).toBe(
      'The portal refused the request: server says 400.',
    );
  });

  it('exits 2 when the portal fails or cannot be reached', async () => {
    const client = new PortalClient({ portal: server.url, token: 't' });
    const failed = await error(client.request('/503'));
    expect([failed.exitCode, failed.message]).toEqual([
      2,
      `The portal at ${server.url} failed (HTTP 503): server says 503; try again later, or ask its administrators.`,
    ]);
    const closed = await startServer(() => {});
    await closed.close();
    const unreachable = await error(
      new PortalClient({ portal: closed.url }).request('/200'),
    );
    expect(unreachable.exitCode).toBe(2);
    expect(unreachable.message).toBe(
      `Cannot reach the portal at ${closed.url} (ECONNREFUSED): check --portal, and HTTPS_PROXY if you are behind a proxy.`,
    );
  });
});
