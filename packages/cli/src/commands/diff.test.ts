import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { main } from '../index';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const NOW = '2026-12-05';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-diff-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // Only the clock is pinned (for the notice period); timers and I/O run for real.
  jest.useFakeTimers({
    now: new Date(`${NOW}T12:00:00Z`),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  try {
    const exitCode = await main(['node', 'meshport', ...args], {
      out: line => out.push(line),
      err: line => err.push(line),
    });
    return { exitCode, out, err };
  } finally {
    jest.useRealTimers();
  }
}

/** A copy of examples/ with the orders dataset edited. */
function examplesWith(edit: (ordersFile: string) => string): string {
  const copy = path.join(dir, 'examples');
  fs.cpSync(EXAMPLES, copy, { recursive: true });
  const file = path.join(copy, 'products/sales-orders/catalog-info.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  return copy;
}

const SALES_CHANNEL = `      - name: sales_channel
        type: string
        physicalType: varchar(16)
        description: web, app or store.
`;

function replaceOnce(text: string, from: string, to: string) {
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe('meshport diff', () => {
  it('exits 1 on a column removed from orders and names every product that consumes it', async () => {
    const copy = examplesWith(text => replaceOnce(text, SALES_CHANNEL, ''));
    const result = await run('diff', EXAMPLES, copy);
    expect(result.exitCode).toBe(1);
    expect(result.out).toEqual([
      'Dataset Orders (dataset:default/orders): 1 breaking change, 0 non-breaking',
      '  breaking      Column sales_channel was removed.',
      '  consumers:    Customer 360 (dataproduct:default/customer-360), input port; Finance revenue (dataproduct:default/finance-revenue), input port; Marketing campaigns (dataproduct:default/marketing-campaigns), input port',
      '  blocked:      Raise the major version (now 1.0.0) and declare spec.deprecates for 1.0.0 to publish these changes.',
      '1 breaking change; 1 dataset blocked, reaching 3 consumers.',
    ]);
  });

  it('exits 0 when a nullable column is added', async () => {
    const copy = examplesWith(text =>
      replaceOnce(
        text,
        SALES_CHANNEL,
        `${SALES_CHANNEL}      - name: coupon_code\n        type: string\n`,
      ),
    );
    const result = await run('diff', EXAMPLES, copy);
    expect(result).toEqual({
      exitCode: 0,
      out: [
        'Dataset Orders (dataset:default/orders): 0 breaking changes, 1 non-breaking',
        '  non-breaking  Column coupon_code was added (may be empty).',
        '0 breaking changes; nothing blocked.',
      ],
      err: [],
    });
  });

  it('exits 0 when the major is raised and the old version deprecated beyond the notice period', async () => {
    const copy = examplesWith(text =>
      replaceOnce(
        replaceOnce(text, SALES_CHANNEL, ''),
        '  dataProduct: sales-orders\n  owner: team-sales\n  access: restricted\n',
        '  dataProduct: sales-orders\n  owner: team-sales\n  access: restricted\n  version: 2.0.0\n  deprecates: { version: 1.0.0, sunset: 2027-01-15 }\n',
      ),
    );
    const result = await run('diff', EXAMPLES, copy, '--format', 'json');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.out.join('\n'));
    expect(report).toMatchObject({
      blocking: false,
      breakingCount: 1,
      exitCode: 0,
    });
    expect(report.datasets[0].verdict).toBe(
      'Allowed: version 2.0.0 raises the major and 1.0.0 stays served until 15 January 2027.',
    );
    // A shorter sunset than the notice period asks for is refused.
    const tooSoon = await run('diff', EXAMPLES, copy, '--notice-period', '60d');
    expect(tooSoon.exitCode).toBe(1);
  });

  it('compares a file with its version at a git ref (--base)', async () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    const file = path.join(repo, 'catalog-info.yaml');
    fs.copyFileSync(
      path.join(EXAMPLES, 'products/sales-orders/catalog-info.yaml'),
      file,
    );
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args],
        { cwd: repo },
      );
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'first');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace(
          '  access: unrestricted\n  lifecycle: production',
          '  access: private\n  lifecycle: production',
        ),
    );
    const result = await run(
      'diff',
      '--base',
      'main',
      file,
      '--catalog',
      EXAMPLES,
    );
    expect(result.exitCode).toBe(1);
    expect(result.out[0]).toBe(
      'Dataset Order lines (dataset:default/order-lines): 1 breaking change, 0 non-breaking',
    );
    expect(result.out[1]).toBe(
      '  breaking      Access tightened from unrestricted to private.',
    );
    expect(result.out[2]).toBe(
      '  consumers:    Finance revenue (dataproduct:default/finance-revenue), input port; Sales forecast (dataproduct:default/sales-forecast), input port',
    );

    // A file new at the base: everything in it is added, nothing breaks.
    const added = path.join(repo, 'new.yaml');
    fs.copyFileSync(
      path.join(EXAMPLES, 'products/customer-360/catalog-info.yaml'),
      added,
    );
    expect((await run('diff', '--base', 'main', added)).exitCode).toBe(0);
  });

  it('adds the active grants a running portal knows (--portal)', async () => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.setHeader('content-type', 'application/json');
      if (req.url!.startsWith('/api/catalog/entities')) {
        res.end('[]');
      } else {
        res.end(
          JSON.stringify({
            items: [
              {
                consumer: 'dataproduct:default/churn-model',
                validUntil: '2027-03-01T00:00:00Z',
              },
            ],
            totalCount: 1,
          }),
        );
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    process.env.MESHPORT_TOKEN = 'secret-token';
    try {
      const copy = examplesWith(text => replaceOnce(text, SALES_CHANNEL, ''));
      const file = path.join(copy, 'products/sales-orders/catalog-info.yaml');
      const result = await run(
        'diff',
        path.join(EXAMPLES, 'products/sales-orders/catalog-info.yaml'),
        file,
        '--portal',
        `http://127.0.0.1:${port}`,
      );
      expect(result.exitCode).toBe(1);
      expect(result.out[2]).toBe(
        '  consumers:    dataproduct:default/churn-model, active grant, until 1 March 2027',
      );
      expect(requests).toEqual([
        '/api/catalog/entities?filter=kind%3Ddataproduct Bearer secret-token',
        '/api/data-products/access/requests?dataset=dataset%3Adefault%2Forders&status=approved&status=granted&limit=100 Bearer secret-token',
      ]);
    } finally {
      delete process.env.MESHPORT_TOKEN;
      server.close();
    }
  });

  it('exits 2 on wrong usage and 1 on an invalid new version', async () => {
    expect((await run('diff', EXAMPLES)).exitCode).toBe(2);
    expect(
      (await run('diff', EXAMPLES, EXAMPLES, '--notice-period', 'a month'))
        .exitCode,
    ).toBe(2);
    expect(
      (await run('diff', EXAMPLES, EXAMPLES, '--format', 'xml')).exitCode,
    ).toBe(2);
    const broken = examplesWith(text =>
      text.replace('access: restricted', 'access: secret'),
    );
    const result = await run('diff', EXAMPLES, broken);
    expect(result.exitCode).toBe(1);
    expect(result.err.at(-1)).toBe(
      `${broken}: 1 problem: fix them before comparing`,
    );
  });
});
