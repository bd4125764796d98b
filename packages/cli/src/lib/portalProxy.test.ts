import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { main } from '../index';
import { PortalClient } from './portal';

/*
 * Node's fetch ignores HTTP(S)_PROXY; the CLI must not. A forward proxy (CONNECT, as corporate
 * proxies and undici's ProxyAgent speak) tunnels to a stand-in portal; the portal's host name
 * does not resolve, so only a request that went through the proxy gets an answer.
 */
async function listen(server: http.Server): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(...servers: http.Server[]) {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
}

/** A stand-in portal: the path and the bearer token of each request, as JSON. */
function portalHandler(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  if (req.url?.startsWith('/api/auth/v1/userinfo')) {
    res.end(JSON.stringify({ claims: { sub: 'user:default/alice' } }));
    return;
  }
  res.end(
    JSON.stringify(
      req.url?.startsWith('/api/catalog/entities?filter')
        ? []
        : { path: req.url },
    ),
  );
}

/** A forward proxy that tunnels every CONNECT to the portal's port; records the targets. */
async function startProxy(portalPort: number) {
  const tunnels: string[] = [];
  const proxy = http.createServer((_req, res) => {
    res.writeHead(502).end();
  });
  proxy.on('connect', (req, socket: net.Socket, head) => {
    tunnels.push(req.url!);
    const upstream = net.connect(portalPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return { proxy, tunnels, url: `http://127.0.0.1:${await listen(proxy)}` };
}

const PROXY_VARIABLES = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

describe('the CLI behind a proxy', () => {
  const saved = Object.fromEntries(
    PROXY_VARIABLES.map(name => [name, process.env[name]]),
  );
  beforeEach(() => PROXY_VARIABLES.forEach(name => delete process.env[name]));
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('sends requests through HTTP_PROXY', async () => {
    const portal = http.createServer(portalHandler);
    const { proxy, tunnels, url } = await startProxy(await listen(portal));
    process.env.HTTP_PROXY = url;
    try {
      const client = new PortalClient({
        portal: 'http://portal.meshport.invalid:7007',
      });
      await expect(client.request('/api/catalog/entities')).resolves.toEqual({
        path: '/api/catalog/entities',
      });
      expect(tunnels).toEqual(['portal.meshport.invalid:7007']);
    } finally {
      await close(proxy, portal);
    }
  });

  it('goes direct to the hosts NO_PROXY names', async () => {
    const portal = http.createServer(portalHandler);
    const portalPort = await listen(portal);
    const { proxy, tunnels, url } = await startProxy(portalPort);
    process.env.HTTP_PROXY = url;
    process.env.NO_PROXY = 'localhost,127.0.0.1';
    try {
      const client = new PortalClient({
        portal: `http://127.0.0.1:${portalPort}`,
      });
      await expect(client.request('/api/catalog/entities')).resolves.toEqual({
        path: '/api/catalog/entities',
      });
      expect(tunnels).toEqual([]);
    } finally {
      await close(proxy, portal);
    }
  });

  it('reads a running portal for diff --portal through the proxy too', async () => {
    const portal = http.createServer(portalHandler);
    const { proxy, tunnels, url } = await startProxy(await listen(portal));
    process.env.HTTP_PROXY = url;
    const spec = path.resolve(
      __dirname,
      '../../../../examples/products/sales-orders/catalog-info.yaml',
    );
    const out: string[] = [];
    try {
      const exitCode = await main(
        [
          'node',
          'meshport',
          'diff',
          spec,
          spec,
          '--portal',
          'http://portal.meshport.invalid:7007',
        ],
        { out: line => out.push(line), err: line => out.push(line) },
      );
      expect(out).toEqual(['No changes to datasets.']);
      expect(exitCode).toBe(0);
      expect(tunnels).toEqual(['portal.meshport.invalid:7007']);
    } finally {
      await close(proxy, portal);
    }
  });

  it('signs in to an https portal through HTTPS_PROXY (the meshport command, as a user runs it)', async () => {
    const host = 'portal.meshport.invalid';
    const pems = generate([{ name: 'commonName', value: host }], {
      days: 1,
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: host }] },
      ],
    });
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-proxy-'));
    const caFile = path.join(work, 'portal-ca.pem');
    await fs.writeFile(caFile, pems.cert);
    const portal = https.createServer(
      { key: pems.private, cert: pems.cert },
      portalHandler,
    );
    const portalPort = await listen(portal);
    const { proxy, tunnels, url } = await startProxy(portalPort);
    try {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: work,
        MESHPORT_CONFIG_DIR: path.join(work, 'config'),
        HTTPS_PROXY: url,
        NODE_EXTRA_CA_CERTS: caFile,
      };
      const result = await new Promise<{ code: number; stdout: string }>(
        resolve =>
          execFile(
            process.execPath,
            [
              path.resolve(__dirname, '../../dev/meshport'),
              'login',
              '--portal',
              `https://${host}:${portalPort}`,
              '--token',
              'a-token',
            ],
            { env, cwd: work },
            (error, stdout, stderr) =>
              resolve({
                code: error ? Number(error.code ?? 1) : 0,
                stdout: `${stdout}${stderr}`,
              }),
          ),
      );
      expect(result.stdout).toMatch(
        new RegExp(
          `^Signed in to https://${host}:${portalPort} as user:default/alice; the token is in .+credentials\\.json\\.\\n$`,
        ),
      );
      expect(result.code).toBe(0);
      expect(tunnels).toEqual([`${host}:${portalPort}`]);
    } finally {
      await close(proxy, portal);
      await fs.rm(work, { recursive: true, force: true });
    }
  }, 60_000);
});
