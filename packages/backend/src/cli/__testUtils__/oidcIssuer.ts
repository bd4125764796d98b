/*
 * A stand-in for a CI's OIDC issuer (GitHub Actions' token.actions.githubusercontent.com): a JWKS
 * endpoint on a random port and ES256 ID tokens signed with its key, as the portal's
 * `backend.auth.externalAccess` `jwks` entry checks them.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OidcIssuer {
  issuer: string;
  jwksUrl: string;
  /** An ID token for `subject` (e.g. `repo:acme/web-orders:ref:refs/heads/main`). */
  token(subject: string, audience: string): string;
  close(): Promise<void>;
}

const base64url = (value: Buffer | string) =>
  Buffer.from(value).toString('base64url');

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const kid = 'test-key';
  const jwk = {
    ...publicKey.export({ format: 'jwk' }),
    kid,
    alg: 'ES256',
    use: 'sig',
  };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks`,
    token(subject, audience) {
      const now = Math.floor(Date.now() / 1000);
      const header = base64url(
        JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }),
      );
      const payload = base64url(
        JSON.stringify({
          iss: issuer,
          aud: audience,
          sub: subject,
          iat: now,
          exp: now + 600,
        }),
      );
      const signature = crypto.sign(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        {
          key: privateKey,
          dsaEncoding: 'ieee-p1363',
        },
      );
      return `${header}.${payload}.${base64url(signature)}`;
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
