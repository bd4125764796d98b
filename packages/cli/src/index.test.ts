import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './index';

const validProduct = `
apiVersion: meshport.io/v1alpha1
kind: DataProduct
metadata:
  name: sales-orders
spec:
  owner: team-sales
  domain: sales
  environments: [dev]
`;

const validDataset = `
apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata:
  name: orders
spec:
  dataProduct: sales-orders
  owner: team-sales
  access: restricted
  outputs:
    - type: s3
      bucket: datalake
      path: sales/orders/
`;

const invalidDataset = `
apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata:
  name: orders
  namespace: finance
spec:
  dataProduct: component:sales-orders
  owner: team-sales
  acess: restricted
  slos:
    freshness: { target: 95, maxAge: 1 day }
`;

const appConfig = `
meshport:
  environments:
    - name: dev
      accountId: '111111111111'
      region: eu-west-1
      buckets:
        datalake: { name: meshport-dev-datalake }
`;

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-cli-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(relativePath: string, content: string): string {
  const file = path.join(dir, relativePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await main(['node', 'meshport', ...args], {
    out: line => out.push(line),
    err: line => err.push(line),
  });
  return { exitCode, out, err };
}

describe('meshport validate', () => {
  it('prints nothing but the summary and exits 0 for valid specs', async () => {
    const file = write(
      'catalog-info.yaml',
      `${validProduct}---${validDataset}`,
    );
    expect(await run('validate', file)).toEqual({
      exitCode: 0,
      out: [],
      err: ['2 entities checked, 0 problems'],
    });
  });

  it('prints one line per problem and exits 1', async () => {
    const file = write('catalog-info.yaml', invalidDataset);
    expect(await run('validate', file)).toEqual({
      exitCode: 1,
      out: [
        `${file}: Dataset/finance/orders: spec: unknown field "acess" (did you mean "access"?)`,
        `${file}: Dataset/finance/orders: spec.slos.freshness.maxAge: must be a duration like 24h, 30m or 20d (got "1 day")`,
        `${file}: Dataset/finance/orders: spec.dataProduct: must refer to a DataProduct, got kind Component`,
      ],
      err: ['1 entity checked, 3 problems'],
    });
  });

  it('reports an unknown kind under meshport.io/v1alpha1, naming the nearest valid one', async () => {
    const file = write(
      'catalog-info.yaml',
      validProduct.replace('kind: DataProduct', 'kind: DataProducts'),
    );
    expect(await run('validate', file)).toEqual({
      exitCode: 1,
      out: [
        `${file}: DataProducts/sales-orders: kind: unknown kind "DataProducts" for meshport.io/v1alpha1 (did you mean "DataProduct"?)`,
      ],
      err: ['0 entities checked, 1 problem'],
    });
  });

  it('says so when a file it was given holds no entity', async () => {
    const empty = write('empty.yaml', '# nothing yet\n');
    const other = write(
      'org.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: team-sales }\n',
    );
    expect(await run('validate', empty, other)).toEqual({
      exitCode: 1,
      out: [
        `${empty}: holds no entity (the file has no YAML document)`,
        `${other}: holds no DataProduct or Dataset (meshport.io/v1alpha1)`,
      ],
      err: ['0 entities checked, 2 problems'],
    });
  });

  it('walks folders for *.yaml and *.yml, skipping node_modules and dot-folders', async () => {
    write('products/sales/catalog-info.yaml', validProduct);
    const broken = write(
      'products/sales/datasets.yml',
      validDataset.replace('restricted', 'secret'),
    );
    write('node_modules/some-package/bad.yaml', invalidDataset);
    write('.git/bad.yaml', invalidDataset);
    write('products/notes.txt', invalidDataset);
    write(
      'org.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: team-sales }\n',
    );

    expect(await run('validate', dir)).toEqual({
      exitCode: 1,
      out: [
        `${broken}: Dataset/orders: spec.access: must be one of: unrestricted, restricted, private (got "secret")`,
      ],
      err: ['2 entities checked, 1 problem'],
    });
  });

  it('reports YAML syntax errors with their position and checks the other documents', async () => {
    const file = write(
      'catalog-info.yaml',
      `${validProduct}---\nkind: Dataset\nmetadata: { name: [orders }\n`,
    );
    const { exitCode, out, err } = await run('validate', file);
    expect(exitCode).toBe(1);
    expect(out).toEqual([
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(file)}: <unknown>: 12:\\d+: \\S.*`),
      ),
    ]);
    expect(err).toEqual(['1 entity checked, 1 problem']);
  });

  it('checks environments and buckets against --config files, later files winning', async () => {
    const base = write('app-config.yaml', appConfig);
    const local = write(
      'app-config.local.yaml',
      appConfig.replace('datalake:', 'lake:'),
    );
    const specs = write('specs.yaml', `${validProduct}---${validDataset}`);

    expect((await run('validate', specs, '--config', base)).exitCode).toBe(0);

    const { exitCode, out } = await run(
      'validate',
      specs,
      '--config',
      base,
      '--config',
      local,
    );
    expect(exitCode).toBe(1);
    expect(out).toEqual([
      `${specs}: Dataset/orders: spec.outputs[0].bucket: unknown bucket "datalake" (buckets configured in every environment: lake)`,
    ]);
  });

  it('reports a malformed configuration', async () => {
    const config = write(
      'app-config.yaml',
      appConfig.replace("'111111111111'", '1234'),
    );
    const specs = write('specs.yaml', validProduct);
    expect(await run('validate', specs, '--config', config)).toEqual({
      exitCode: 1,
      out: [
        `${config}: meshport.environments[0].accountId: must be a string of 12 digits: quote it, e.g. accountId: '1234'`,
      ],
      err: ['1 entity checked, 1 problem'],
    });
  });

  it('exits 2 for a path that does not exist', async () => {
    const missing = path.join(dir, 'nope.yaml');
    expect(await run('validate', missing)).toEqual({
      exitCode: 2,
      out: [],
      err: [`meshport: no such file or directory: ${missing}`],
    });
  });

  it('exits 2 for a config file that does not exist', async () => {
    const specs = write('specs.yaml', validProduct);
    const { exitCode, err } = await run(
      'validate',
      specs,
      '--config',
      path.join(dir, 'missing.yaml'),
    );
    expect(exitCode).toBe(2);
    expect(err[0]).toContain('cannot read config file');
  });

  it('exits 2 for an unknown command or option', async () => {
    expect((await run('deploy')).exitCode).toBe(2);
    expect((await run('validate', '--strict', dir)).exitCode).toBe(2);
  });
});

describe('dev/meshport', () => {
  it('runs the TypeScript sources as a command', () => {
    write('specs/catalog-info.yaml', invalidDataset);
    const result = spawnSync(
      process.execPath,
      [path.resolve(__dirname, '../dev/meshport'), 'validate', 'specs'],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toContain('1 entity checked, 3 problems');
    expect(result.stdout.split('\n')[0]).toBe(
      'specs/catalog-info.yaml: Dataset/finance/orders: spec: unknown field "acess" (did you mean "access"?)',
    );
    expect(result.status).toBe(1);
  });
});

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
