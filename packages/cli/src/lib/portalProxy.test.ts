import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { PortalClient } from './portal';

/*
 * Node's fetch ignores HTTP(S)_PROXY; the client must not. A forward proxy (CONNECT, as corporate
 * proxies and undici's ProxyAgent speak) tunnels to a stand-in portal; the portal's host name
 * does not resolve, so only a request that went through the proxy gets an answer.
 */
async function listen(server: http.Server): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('PortalClient behind a proxy', () => {
  const saved = {
    HTTP_PROXY: process.env.HTTP_PROXY,
    NO_PROXY: process.env.NO_PROXY,
  };
  afterAll(() => {
    process.env.HTTP_PROXY = saved.HTTP_PROXY;
    process.env.NO_PROXY = saved.NO_PROXY;
  });

  it('sends requests through HTTP_PROXY', async () => {
    const portal = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    const portalPort = await listen(portal);

    const tunnels: string[] = [];
    const proxy = http.createServer();
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
    process.env.HTTP_PROXY = `http://127.0.0.1:${await listen(proxy)}`;
    process.env.NO_PROXY = '';
    try {
      const client = new PortalClient({
        portal: 'http://portal.meshport.invalid:7007',
      });
      await expect(client.request('/api/catalog/entities')).resolves.toEqual({
        path: '/api/catalog/entities',
      });
      expect(tunnels).toEqual(['portal.meshport.invalid:7007']);
    } finally {
      for (const server of [proxy, portal]) {
        server.closeAllConnections();
        await new Promise(resolve => server.close(resolve));
      }
    }
  });
});
