import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect } from './connect';
import { readCredentials, storeLogin } from './session';

/** A JWT-shaped token (unsigned: the client only reads its claims). */
function token(sub: string, exp: number) {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub, exp })}.sig`;
}

describe('connect', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('renews an expired guest token through the portal sign-in and stores the new one', async () => {
    const fresh = token(
      'user:default/guest',
      Math.floor(Date.now() / 1000) + 3600,
    );
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          req.url?.startsWith('/api/auth/guest/refresh')
            ? {
                backstageIdentity: {
                  token: fresh,
                  identity: { userEntityRef: 'user:default/guest' },
                },
              }
            : { ok: true },
        ),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.MESHPORT_CONFIG_DIR = await fs.mkdtemp(
      path.join(os.tmpdir(), 'meshport-connect-'),
    );
    delete process.env.MESHPORT_TOKEN;
    delete process.env.MESHPORT_PORTAL;
    try {
      await storeLogin(portal, {
        token: 'expired',
        provider: 'guest',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      });
      const client = await connect({});
      await client.request('/api/catalog/entities');
      expect(seen).toEqual([
        '/api/auth/guest/refresh?env=development ',
        `/api/catalog/entities Bearer ${fresh}`,
      ]);
      expect((await readCredentials()).portals[portal]).toMatchObject({
        token: fresh,
        provider: 'guest',
        userEntityRef: 'user:default/guest',
      });
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });
});
