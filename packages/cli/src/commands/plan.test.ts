import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../index';

const appConfig = `
meshport:
  environments:
    - name: dev
      accountId: '111111111111'
      region: eu-west-1
      buckets:
        datalake: { name: meshport-dev-datalake }
      readsFrom: [prd]
    - name: prd
      accountId: '222222222222'
      region: eu-west-1
      buckets:
        datalake: { name: meshport-prd-datalake }
      readsFrom: []
  aws:
    maxManagedPoliciesPerRole: 10
`;

const sales = `
apiVersion: meshport.io/v1alpha1
kind: DataProduct
metadata:
  name: sales
spec:
  owner: team-sales
  domain: commerce
---
apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata:
  name: orders
spec:
  dataProduct: sales
  owner: team-sales
  access: restricted
  outputs:
    - type: s3
      bucket: datalake
      path: sales/orders/
    - type: glue
      database: sales_db
      table: orders
`;

const churn = `
apiVersion: meshport.io/v1alpha1
kind: DataProduct
metadata:
  name: churn
spec:
  owner: team-marketing
  domain: marketing
---
apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata:
  name: churn-scores
spec:
  dataProduct: churn
  owner: team-marketing
  access: unrestricted
  outputs:
    - type: s3
      bucket: datalake
      path: churn/scores/
`;

const grants = `
grants:
  - consumer: churn
    dataset: orders
    environments: [prd]
`;

const ORDERS_PRD = 'arn:aws:s3:::meshport-prd-datalake/sales/orders/*';

let dir: string;
let config: string;
let catalog: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-plan-'));
  config = write('app-config.yaml', appConfig);
  write('catalog/sales/catalog-info.yaml', sales);
  write('catalog/churn/catalog-info.yaml', churn);
  catalog = path.join(dir, 'catalog');
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
  const exitCode = await main(['node', 'meshport', 'plan', ...args], {
    out: line => out.push(line),
    err: line => err.push(line),
  });
  return { exitCode, out, err };
}

/** Plans the test catalog with the test config and parses the printed JSON. */
async function planJson(...args: string[]) {
  const result = await run('--catalog', catalog, '--config', config, ...args);
  expect(result.out).toHaveLength(1);
  return { ...result, state: JSON.parse(result.out[0]) };
}

type Role = {
  name: string;
  environment: string;
  kind: string;
  inlinePolicies: Array<{
    document: { Statement: Array<{ Resource?: string[] }> };
  }>;
  managedPolicies: Array<{
    document: { Statement: Array<{ Resource?: string[] }> };
  }>;
  grantedDatasets: Array<{ dataset: string; environment: string }>;
};

function roleNamed(state: { roles: Role[] }, name: string): Role {
  const role = state.roles.find(r => r.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role;
}

function resourcesOf(role: Role): string[] {
  return [...role.inlinePolicies, ...role.managedPolicies].flatMap(p =>
    p.document.Statement.flatMap(s => s.Resource ?? []),
  );
}

describe('meshport plan', () => {
  it('prints the desired state: three roles per product and environment, with their policies', async () => {
    const { exitCode, state, err } = await planJson();
    expect(exitCode).toBe(0);
    expect(state.environments.map((e: { name: string }) => e.name)).toEqual([
      'dev',
      'prd',
    ]);
    expect(state.roles.map((r: Role) => r.name)).toEqual(
      ['dev', 'prd'].flatMap(env =>
        ['churn', 'sales'].flatMap(product =>
          ['consumer', 'service', 'owner'].map(
            kind => `meshport-${product}-${env}-${kind}`,
          ),
        ),
      ),
    );
    for (const role of state.roles as Role[]) {
      expect(role.inlinePolicies).toHaveLength(1);
    }
    expect(
      resourcesOf(roleNamed(state, 'meshport-sales-prd-consumer')),
    ).toContain(ORDERS_PRD);
    expect(state.workgroups).toHaveLength(4);
    expect(state.glueDatabases).toEqual([
      expect.objectContaining({ environment: 'dev', name: 'sales_db' }),
      expect.objectContaining({ environment: 'prd', name: 'sales_db' }),
    ]);
    expect(state.problems).toEqual([]);
    expect(err).toEqual([
      '12 roles (0 managed policies, 2 cross-account resource policies) in 2 environments, 0 errors, 0 warnings',
    ]);
  });

  it("widens a consumer's policies by its grants", async () => {
    const before = await planJson();
    const churnPrd = roleNamed(before.state, 'meshport-churn-prd-consumer');
    expect(resourcesOf(churnPrd)).not.toContain(ORDERS_PRD);
    expect(churnPrd.grantedDatasets).toEqual([]);

    const grantsFile = write('grants.yaml', grants);
    const after = await planJson('--grants', grantsFile);
    expect(after.exitCode).toBe(0);
    const granted = roleNamed(after.state, 'meshport-churn-prd-consumer');
    expect(resourcesOf(granted)).toContain(ORDERS_PRD);
    expect(resourcesOf(granted)).toContain(
      'arn:aws:glue:eu-west-1:222222222222:table/sales_db/orders',
    );
    expect(granted.grantedDatasets).toEqual([
      { dataset: 'dataset:default/orders', environment: 'prd' },
    ]);
    // granted for prd only: the dev consumer reads its own outputs, not orders
    expect(
      roleNamed(after.state, 'meshport-churn-dev-consumer').grantedDatasets,
    ).toEqual([]);
  });

  it('reads a JSON grants file too', async () => {
    const grantsFile = write(
      'grants.json',
      JSON.stringify({
        grants: [
          {
            consumer: 'dataproduct:default/churn',
            dataset: 'dataset:default/orders',
            environments: ['dev', 'prd'],
          },
        ],
      }),
    );
    const { state } = await planJson('--grants', grantsFile);
    expect(
      roleNamed(state, 'meshport-churn-dev-consumer').grantedDatasets,
    ).toEqual([
      { dataset: 'dataset:default/orders', environment: 'dev' },
      { dataset: 'dataset:default/orders', environment: 'prd' },
    ]);
  });

  it('leaves out expired grants', async () => {
    const grantsFile = write(
      'grants.yaml',
      `${grants}    validUntil: '2020-01-01T00:00:00Z'\n`,
    );
    const { state } = await planJson('--grants', grantsFile);
    expect(
      roleNamed(state, 'meshport-churn-prd-consumer').grantedDatasets,
    ).toEqual([]);
  });

  it('prints one environment with --environment', async () => {
    const { exitCode, state, err } = await planJson('--environment', 'prd');
    expect(exitCode).toBe(0);
    expect(state.environments.map((e: { name: string }) => e.name)).toEqual([
      'prd',
    ]);
    expect(new Set(state.roles.map((r: Role) => r.environment))).toEqual(
      new Set(['prd']),
    );
    expect(state.roles).toHaveLength(6);
    expect(state.glueDatabases).toEqual([
      expect.objectContaining({ environment: 'prd' }),
    ]);
    expect(err).toEqual([
      '6 roles (0 managed policies, 2 cross-account resource policies) in 1 environment, 0 errors, 0 warnings',
    ]);
  });

  it('prints Terraform JSON with --format terraform', async () => {
    const { exitCode, state: terraform } = await planJson(
      '--format',
      'terraform',
      '--environment',
      'dev',
    );
    expect(exitCode).toBe(0);
    expect(Object.keys(terraform.resource).sort()).toEqual(
      expect.arrayContaining([
        'aws_athena_workgroup',
        'aws_glue_catalog_database',
        'aws_iam_role',
        'aws_iam_role_policy',
      ]),
    );
    const roles = Object.values(terraform.resource.aws_iam_role) as Array<{
      name: string;
    }>;
    expect(roles.map(r => r.name).sort()).toEqual(
      [
        'meshport-churn-dev-consumer',
        'meshport-churn-dev-owner',
        'meshport-churn-dev-service',
        'meshport-sales-dev-consumer',
        'meshport-sales-dev-owner',
        'meshport-sales-dev-service',
      ].sort(),
    );
    expect(JSON.stringify(terraform.provider)).toContain('111111111111');
    expect(JSON.stringify(terraform.provider)).not.toContain('222222222222');
  });

  it('writes the document to --output and prints the same plan every time', async () => {
    const file = path.join(dir, 'out', 'plan.tf.json');
    fs.mkdirSync(path.dirname(file));
    const args = [
      '--catalog',
      catalog,
      '--config',
      config,
      '--format',
      'terraform',
      '--output',
      file,
    ];
    const first = await run(...args);
    expect(first.exitCode).toBe(0);
    expect(first.out).toEqual([]);
    expect(first.err).toEqual([
      `12 roles (0 managed policies, 2 cross-account resource policies) in 2 environments, 0 errors, 0 warnings; written to ${file}`,
    ]);
    const written = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(written)).toHaveProperty('resource.aws_iam_role');

    await run(...args);
    expect(fs.readFileSync(file, 'utf8')).toBe(written);
  });

  it('exits 1 naming the file and the field of a bad grants file', async () => {
    const grantsFile = write(
      'grants.yaml',
      'grants:\n  - consumer: churn\n    dataset: orders\n    environments: prd\n',
    );
    const { exitCode, out, err } = await run(
      '--catalog',
      catalog,
      '--config',
      config,
      '--grants',
      grantsFile,
    );
    expect({ exitCode, out, err }).toEqual({
      exitCode: 1,
      out: [],
      err: [
        `${grantsFile}: Invalid grants file at grants[0].environments: expected a non-empty list of environment names`,
      ],
    });
  });

  it('exits 1 for a grants file that is not JSON or YAML', async () => {
    const grantsFile = write('grants.json', '{"grants": [');
    const { exitCode, err } = await run(
      '--catalog',
      catalog,
      '--config',
      config,
      '--grants',
      grantsFile,
    );
    expect(exitCode).toBe(1);
    expect(err).toEqual([
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(grantsFile)}: not valid JSON or YAML: `),
      ),
    ]);
  });

  it('exits 2 for an unknown environment, naming the configured ones', async () => {
    expect(
      await run(
        '--catalog',
        catalog,
        '--config',
        config,
        '--environment',
        'qa',
      ),
    ).toEqual({
      exitCode: 2,
      out: [],
      err: ["meshport: unknown environment 'qa' (configured: dev, prd)"],
    });
  });

  it('exits 2 when the configuration has no environments', async () => {
    const empty = write('empty-config.yaml', 'app:\n  title: x\n');
    const { exitCode, err } = await run(
      '--catalog',
      catalog,
      '--config',
      empty,
    );
    expect(exitCode).toBe(2);
    expect(err).toEqual([
      `meshport: no environments: ${empty} configure no meshport.environments`,
    ]);
  });

  it('exits 1 for an invalid meshport.aws, naming the key', async () => {
    const bad = write(
      'bad-config.yaml',
      appConfig.replace(
        'maxManagedPoliciesPerRole: 10',
        'maxManagedPoliciesPerRole: 30',
      ),
    );
    const { exitCode, err } = await run('--catalog', catalog, '--config', bad);
    expect(exitCode).toBe(1);
    expect(err).toEqual([
      expect.stringContaining(
        "Invalid config at 'meshport.aws.maxManagedPoliciesPerRole'",
      ),
    ]);
  });

  it('prints the problems of invalid entities as validate does and plans nothing', async () => {
    const broken = write(
      'catalog/broken/catalog-info.yaml',
      churn
        .replace(/churn/g, 'broken')
        .replace('unrestricted', 'public')
        .replace('bucket: datalake', 'bucket: lake'),
    );
    const { exitCode, out, err } = await run(
      '--catalog',
      catalog,
      '--config',
      config,
    );
    expect({ exitCode, out }).toEqual({ exitCode: 1, out: [] });
    expect(err).toEqual([
      `${broken}: Dataset/broken-scores: spec.access: must be one of: unrestricted, restricted, private (got "public")`,
      expect.stringMatching(
        new RegExp(
          `^${escapeRegExp(
            broken,
          )}: Dataset/broken-scores: spec\\.outputs\\[0\\]\\.bucket: unknown bucket "lake"`,
        ),
      ),
      '2 problems in the catalog: nothing planned (--skip-invalid plans the valid entities)',
    ]);
  });

  it('plans the valid entities with --skip-invalid', async () => {
    write(
      'catalog/broken/catalog-info.yaml',
      churn.replace(/churn/g, 'broken').replace('unrestricted', 'public'),
    );
    const { exitCode, state, err } = await planJson('--skip-invalid');
    expect(exitCode).toBe(0);
    // the product is valid and planned; its invalid dataset is left out
    expect(
      resourcesOf(roleNamed(state, 'meshport-broken-prd-consumer')),
    ).not.toContain('arn:aws:s3:::meshport-prd-datalake/broken/scores/*');
    expect(err).toEqual([
      expect.stringContaining('Dataset/broken-scores: spec.access'),
      'skipping 1 invalid entity',
      '18 roles (0 managed policies, 2 cross-account resource policies) in 2 environments, 0 errors, 0 warnings',
    ]);
  });

  it('prints plan problems as "<severity>: <role or product>: <message>" and exits 1 on errors', async () => {
    // a second product claims the prefix of sales/orders: an error for it
    write(
      'catalog/copy/catalog-info.yaml',
      sales
        .replace(/name: sales$/m, 'name: sales-copy')
        .replace('dataProduct: sales', 'dataProduct: sales-copy')
        .replace('name: orders', 'name: orders-copy')
        .replace('database: sales_db', 'database: copy_db'),
    );
    const grantsFile = write(
      'grants.yaml',
      'grants:\n  - { consumer: churn, dataset: nowhere, environments: [prd] }\n',
    );
    const { exitCode, err } = await planJson('--grants', grantsFile);
    expect(exitCode).toBe(1);
    expect(err).toEqual([
      ...['dev', 'prd'].map(
        env =>
          `error: dataproduct:default/sales-copy: s3://meshport-${env}-datalake/sales/orders/ of dataproduct:default/sales-copy overlaps s3://meshport-${env}-datalake/sales/orders/ of dataproduct:default/sales; neither product gets write access until one of them moves`,
      ),
      expect.stringMatching(
        /^warning: dataproduct:default\/churn: Grant .*dataset:default\/nowhere.*: the dataset is not in the catalog/,
      ),
      '18 roles (0 managed policies, 2 cross-account resource policies) in 2 environments, 2 errors, 1 warning',
    ]);
  });

  it('exits 2 without --catalog or for an unknown format', async () => {
    expect((await run('--config', config)).exitCode).toBe(2);
    expect(
      (await run('--catalog', catalog, '--config', config, '--format', 'yaml'))
        .exitCode,
    ).toBe(2);
  });
});

describe('meshport plan of the examples in lake-formation mode', () => {
  const examples = path.resolve(__dirname, '../../../../examples');
  const lakeFormation = (...args: string[]) =>
    run(
      '--config',
      path.join(examples, 'lake-formation/app-config.yaml'),
      '--catalog',
      path.join(examples, 'products'),
      '--grants',
      path.join(examples, 'lake-formation/grants.yaml'),
      ...args,
    );

  it('gives every grant Lake Formation permissions and consumers a policy whose size does not grow with grants', async () => {
    const result = await lakeFormation();
    expect(result.exitCode).toBe(0);
    const state = JSON.parse(result.out.join('\n'));
    const permissions = state.lakeFormation.flatMap((e: any) => e.permissions);
    for (const role of state.roles) {
      for (const { dataset, environment } of role.grantedDatasets) {
        expect(permissions).toContainEqual(
          expect.objectContaining({
            environment,
            principal: role.arn,
            dataset,
            permissions: ['DESCRIBE', 'SELECT'],
          }),
        );
      }
    }
    const consumers = state.roles.filter((r: any) => r.kind === 'consumer');
    expect(consumers.some((r: any) => r.grantedDatasets.length > 1)).toBe(true);
    for (const role of consumers) {
      const statements = [...role.managedPolicies, ...role.inlinePolicies]
        .flatMap((p: any) => p.document.Statement)
        .flatMap((s: any) => s.Resource ?? []);
      // No dataset's tables: only the catalog-wide reads of its own account
      // (and, in dev, of prd's, which it reads from).
      const tables = statements.filter((r: string) => r.includes(':table/'));
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) expect(table).toMatch(/:table\/\*\/\*$/);
    }
    expect(result.err.at(-1)).toMatch(/Lake Formation permissions\)/);
  });

  it('renders aws_lakeformation_* resources with --format terraform', async () => {
    const result = await lakeFormation('--format', 'terraform');
    const tf = JSON.parse(result.out.join('\n'));
    expect(Object.keys(tf.resource)).toEqual(
      expect.arrayContaining([
        'aws_lakeformation_resource',
        'aws_lakeformation_permissions',
        'aws_lakeformation_lf_tag',
        'aws_lakeformation_resource_lf_tags',
      ]),
    );
  });
});

describe('dev/meshport plan', () => {
  it('reads ./app-config.yaml when no --config is given', () => {
    const result = spawnSync(
      process.execPath,
      [
        path.resolve(__dirname, '../../dev/meshport'),
        'plan',
        '--catalog',
        'catalog',
        '--environment',
        'dev',
      ],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe(
      '6 roles (0 managed policies, 2 cross-account resource policies) in 1 environment, 0 errors, 0 warnings\n',
    );
    expect(JSON.parse(result.stdout).roles).toHaveLength(6);
    expect(result.status).toBe(0);
  });
});

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
