import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isExpired, resolveSession, storeLogin } from './session';

describe('session', () => {
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    env = {
      MESHPORT_CONFIG_DIR: await fs.mkdtemp(
        path.join(os.tmpdir(), 'meshport-session-'),
      ),
    };
  });

  it('stores the token readable by the user only, even over a file that was readable by others', async () => {
    const file = path.join(env.MESHPORT_CONFIG_DIR!, 'credentials.json');
    await fs.writeFile(file, '{"portals":{}}', { mode: 0o644 });
    await storeLogin('http://localhost:7007', { token: 'secret' }, env);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('uses --portal, else MESHPORT_PORTAL, else the last login; MESHPORT_TOKEN wins over the stored token', async () => {
    await storeLogin('http://a.example', { token: 'token-a' }, env);
    await storeLogin('http://b.example/', { token: 'token-b' }, env);
    expect(await resolveSession(undefined, env)).toMatchObject({
      portal: 'http://b.example',
      token: 'token-b',
    });
    expect(await resolveSession('http://a.example/', env)).toMatchObject({
      portal: 'http://a.example',
      token: 'token-a',
    });
    expect(
      await resolveSession(undefined, {
        ...env,
        MESHPORT_PORTAL: 'http://a.example',
      }),
    ).toMatchObject({ token: 'token-a' });
    expect(
      await resolveSession('http://a.example', {
        ...env,
        MESHPORT_TOKEN: 'ci',
      }),
    ).toEqual({
      portal: 'http://a.example',
      token: 'ci',
      tokenSource: 'MESHPORT_TOKEN',
    });
    expect(await resolveSession('http://c.example', env)).toEqual({
      portal: 'http://c.example',
    });
  });

  it('says how to name a portal when there is none, and refuses what is not a URL', async () => {
    await expect(resolveSession(undefined, env)).rejects.toThrow(
      'no portal given: pass --portal <url> (e.g. --portal http://localhost:7007), set MESHPORT_PORTAL, or run meshport login --portal <url>',
    );
    await expect(resolveSession('localhost:7007', env)).rejects.toThrow(
      /--portal: must be an http or https URL/,
    );
  });

  it('treats a token as expired a minute before its end', () => {
    const now = Date.parse('2026-12-05T18:00:00Z');
    expect(
      isExpired({ token: 't', expiresAt: '2026-12-05T18:00:30Z' }, now),
    ).toBe(true);
    expect(
      isExpired({ token: 't', expiresAt: '2026-12-05T18:05:00Z' }, now),
    ).toBe(false);
    expect(isExpired({ token: 'static' }, now)).toBe(false);
  });
});
