import { resolveAwsProvisionerConfig } from '../config';
import { DEV } from './__fixtures__/reconcileMesh';
import {
  createAwsClients,
  environmentCredentials,
  isWriteCommand,
  sharedCredentials,
} from './clients';

describe('sharedCredentials', () => {
  it('asks once for all clients, and again five minutes before the credentials expire', async () => {
    let now = 0;
    let asked = 0;
    const provider = sharedCredentials(
      async () => {
        asked++;
        return {
          accessKeyId: `key-${asked}`,
          secretAccessKey: 'secret',
          expiration: new Date(now + 60 * 60_000),
        };
      },
      () => now,
    );
    await Promise.all([provider(), provider(), provider()]);
    expect(asked).toBe(1);
    now += 54 * 60_000;
    expect((await provider()).accessKeyId).toBe('key-1');
    now += 2 * 60_000; // 4 minutes before expiry
    expect((await provider()).accessKeyId).toBe('key-2');
    expect(asked).toBe(2);
  });

  it('asks again after a failure instead of keeping it', async () => {
    let calls = 0;
    const provider = sharedCredentials(async () => {
      calls++;
      if (calls === 1) throw new Error('STS is down');
      return { accessKeyId: 'key', secretAccessKey: 'secret' };
    });
    await expect(provider()).rejects.toThrow('STS is down');
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'key' });
  });
});

describe('environmentCredentials', () => {
  it("uses the environment's role or profile, else the default chain", () => {
    const config = resolveAwsProvisionerConfig({
      environments: {
        dev: { roleArn: 'arn:aws:iam::111111111111:role/meshport' },
        prd: { profile: 'acme-prd' },
      },
    });
    expect(environmentCredentials(DEV, config)).toEqual(expect.any(Function));
    expect(environmentCredentials({ ...DEV, name: 'prd' }, config)).toEqual(
      expect.any(Function),
    );
    expect(
      environmentCredentials({ ...DEV, name: 'test' }, config),
    ).toBeUndefined();
  });

  it('points every client at the endpoint, S3 with path-style buckets', async () => {
    const clients = createAwsClients(
      DEV,
      resolveAwsProvisionerConfig({ endpoint: 'http://127.0.0.1:7299' }),
    );
    for (const client of Object.values(clients)) {
      const endpoint = await (client.config as any).endpoint();
      expect(
        `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`,
      ).toBe('http://127.0.0.1:7299');
    }
    expect(clients.s3.config.forcePathStyle).toBe(true);
    for (const client of Object.values(clients)) client.destroy();
  });
});

describe('isWriteCommand', () => {
  it('tells writes from reads by the command name', () => {
    expect(
      ['CreateRole', 'PutRolePolicy', 'TagRole', 'DeleteWorkGroup'].every(
        isWriteCommand,
      ),
    ).toBe(true);
    expect(
      ['GetAccountAuthorizationDetails', 'ListRoles', 'GetCallerIdentity'].some(
        isWriteCommand,
      ),
    ).toBe(false);
  });
});
