/*
 * `meshport reconcile` against moto in server mode, with the sample catalog
 * (examples/) and a two-account config: each environment reached by
 * assuming a role in its own account.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { stringify } from 'yaml';
import {
  createAwsClients,
  resolveAwsProvisionerConfig,
} from '@meshport/plugin-data-products-backend-module-aws';
// The AWS module's moto harness: test-only, so not part of its published API
// (its package exports only its entry point), hence the path into the repository.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  MotoServer,
  repositoryRoot,
  startMoto,
  useMotoCredentials,
} from '../../../../plugins/data-products-backend-module-aws/src/testing/moto';
import { main } from '../index';

jest.setTimeout(120_000);

const root = repositoryRoot();
const examples = path.join(root, 'examples');
let moto: MotoServer;
let restoreCredentials: () => void;
let dir: string;

beforeAll(async () => {
  restoreCredentials = useMotoCredentials();
  moto = await startMoto({ port: 7230 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-reconcile-'));
});

afterAll(async () => {
  await moto?.stop();
  restoreCredentials?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ACCOUNTS = { dev: '300000000001', prd: '300000000002' };

/** An app-config: the sample environments in two moto accounts. */
function writeConfig(name: string, roleAccount = ACCOUNTS) {
  const environment = (env: 'dev' | 'prd', readsFrom: string[]) => ({
    name: env,
    accountId: ACCOUNTS[env],
    region: 'eu-west-1',
    buckets: {
      datalake: { name: `meshport-${env}-datalake` },
      archive: { name: `meshport-${env}-archive` },
    },
    readsFrom,
    aws: {
      roleArn: `arn:aws:iam::${roleAccount[env]}:role/meshport-provisioner`,
    },
  });
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    stringify({
      meshport: {
        aws: { endpoint: moto.endpoint },
        environments: [environment('dev', ['prd']), environment('prd', [])],
      },
    }),
  );
  return file;
}

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await main(
    ['node', 'meshport', 'reconcile', '--catalog', examples, ...args],
    { out: line => out.push(line), err: line => err.push(line) },
  );
  return { exitCode, out, err, summary: out[out.length - 1] };
}

function clientsOf(accountId: string) {
  const environment = {
    name: 'check',
    accountId,
    region: 'eu-west-1',
    buckets: {},
    readsFrom: [],
  };
  return createAwsClients(
    environment,
    resolveAwsProvisionerConfig({
      endpoint: moto.endpoint,
      environments: {
        check: {
          roleArn: `arn:aws:iam::${accountId}:role/meshport-provisioner`,
        },
      },
    }),
  );
}

/** The platform team's data lake buckets: Meshport writes their policies, it never creates them. */
async function createDataLakeBuckets() {
  for (const env of ['dev', 'prd'] as const) {
    const { s3 } = clientsOf(ACCOUNTS[env]);
    await s3.send(
      new CreateBucketCommand({
        Bucket: `meshport-${env}-datalake`,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    s3.destroy();
  }
}

async function rolesIn(accountId: string): Promise<string[]> {
  const { iam } = clientsOf(accountId);
  const { Roles } = await iam.send(new ListRolesCommand({ MaxItems: 1000 }));
  iam.destroy();
  return (Roles ?? []).map(r => r.RoleName!);
}

describe('meshport reconcile', () => {
  it('prints the difference without --apply and writes nothing; --apply creates each environment in its account; a second run writes nothing', async () => {
    const config = writeConfig('two-accounts.yaml');
    await createDataLakeBuckets();

    const planned = await run('--config', config);
    expect(planned.err).toEqual([]);
    expect(planned.exitCode).toBe(0);
    expect(planned.out.filter(l => l.startsWith('planned: '))).not.toEqual([]);
    expect(planned.summary).toMatch(
      /^reconcile: 0 write call\(s\), \d+ read call\(s\), 0 problem\(s\)$/,
    );
    expect(await rolesIn(ACCOUNTS.dev)).toEqual([]);

    const applied = await run('--config', config, '--apply');
    expect(applied.err).toEqual([]);
    expect(applied.exitCode).toBe(0);
    expect(applied.out).toContain(
      'succeeded: Create IAM role meshport-sales-orders-dev-consumer',
    );
    const writes = Number(/^reconcile: (\d+) write/.exec(applied.summary)![1]);
    expect(writes).toBeGreaterThan(0);
    const dev = await rolesIn(ACCOUNTS.dev);
    const prd = await rolesIn(ACCOUNTS.prd);
    expect(dev).toContain('meshport-sales-orders-dev-consumer');
    expect(dev.every(name => name.includes('-dev-'))).toBe(true);
    expect(prd).toContain('meshport-sales-orders-prd-consumer');
    expect(prd.every(name => name.includes('-prd-'))).toBe(true);

    const again = await run('--config', config, '--apply');
    expect(again.exitCode).toBe(0);
    expect(again.summary).toMatch(
      /^reconcile: 0 write call\(s\), \d+ read call\(s\), 0 problem\(s\)$/,
    );
    expect(again.out).toEqual([again.summary]);
  });

  it('refuses an environment whose role is in another account, and exits 1', async () => {
    const config = writeConfig('wrong-account.yaml', {
      dev: ACCOUNTS.dev,
      prd: '300000000003',
    });
    const result = await run(
      '--config',
      config,
      '--environment',
      'prd',
      '--apply',
    );
    expect(result.exitCode).toBe(1);
    expect(result.err).toEqual([
      'error: environment prd: Environment prd is account 300000000002, but its credentials are of account 300000000003: nothing is read or written in prd until meshport.environments[].aws (roleArn or profile) reaches account 300000000002',
    ]);
    expect(result.summary).toMatch(
      /^reconcile: 0 write call\(s\), 1 read call\(s\), 1 problem\(s\)$/,
    );
    expect(await rolesIn('300000000003')).toEqual([]);
  });

  it('sends every AWS call through HTTP_PROXY, the role assumptions included', async () => {
    // A forward proxy for plain-HTTP targets (moto): it sees each request's absolute URL.
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      const target = new URL(req.url!);
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const action = /Action=(\w+)/.exec(body.toString('utf8'))?.[1];
        seen.push(action ?? String(req.headers['x-amz-target'] ?? req.method));
        const upstream = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: `${target.pathname}${target.search}`,
            headers: req.headers,
          },
          answer => {
            res.writeHead(answer.statusCode!, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => res.destroy());
        upstream.end(body);
      });
    });
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
    const saved = {
      HTTP_PROXY: process.env.HTTP_PROXY,
      NO_PROXY: process.env.NO_PROXY,
    };
    process.env.HTTP_PROXY = `http://127.0.0.1:${
      (proxy.address() as AddressInfo).port
    }`;
    process.env.NO_PROXY = '';
    try {
      const result = await run(
        '--config',
        writeConfig('through-proxy.yaml'),
        '--environment',
        'dev',
      );
      expect(result.err).toEqual([]);
      expect(result.exitCode).toBe(0);
      const reads = Number(/, (\d+) read call/.exec(result.summary)![1]);
      // every counted call, and the STS role assumption that no client counts
      expect(seen).toContain('AssumeRole');
      expect(seen).toContain('ListRoles');
      expect(seen.length).toBeGreaterThanOrEqual(reads);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      proxy.closeAllConnections();
      await new Promise(resolve => proxy.close(resolve));
    }
  });
});
