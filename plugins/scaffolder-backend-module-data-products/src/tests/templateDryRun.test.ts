/*
 * The data-product template through the scaffolder's own dry-run API, in a
 * backend with the scaffolder, this module, the data-products plugin and its
 * AWS provisioner (plan mode): the generated spec validates, nothing is
 * published, and the dry run shows the roles the product would get.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The test wires the real data-products backend behind the bootstrap action's HTTP calls.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import dataProductsPlugin from '@meshport/plugin-data-products-backend';
import dataProductsModuleAws from '@meshport/plugin-data-products-backend-module-aws';
import { scaffolderModuleDataProducts } from '../module';
import { LocalGitRepositories } from '../lib/git';
import { ownerPermissions, teams } from '../__testUtils__/context';

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, '../../../..');

async function templateFiles(name: string) {
  const dir = path.join(repoRoot, 'templates', name);
  const files: Array<{ path: string; base64Content: string }> = [];
  async function walk(sub: string) {
    for (const entry of await fs.readdir(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const relative = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) {
        await walk(relative);
      } else {
        files.push({
          path: relative,
          base64Content: (await fs.readFile(path.join(dir, relative))).toString(
            'base64',
          ),
        });
      }
    }
  }
  await walk('');
  const template = yaml.parse(
    await fs.readFile(path.join(dir, 'template.yaml'), 'utf8'),
  );
  return { template, files };
}

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'sales', namespace: 'default' },
    spec: { owner: 'team-sales' },
  },
  ...teams,
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'sales-orders', namespace: 'default' },
    spec: { owner: 'team-sales', domain: 'sales', environments: ['dev'] },
  },
];

const environments = ['dev', 'prd'].map((name, i) => ({
  name,
  accountId: `${i + 1}`.repeat(12),
  region: 'eu-west-1',
  buckets: { datalake: { name: `meshport-${name}-datalake` } },
  readsFrom: [],
}));

const values = {
  name: 'customer-churn',
  title: 'Customer churn',
  description: 'Which customers are about to leave',
  owner: 'group:default/team-sales',
  domain: 'domain:default/sales',
  productType: 'consumer-aligned',
  environments: ['dev', 'prd'],
  datasetName: 'churn-scores',
  datasetTitle: 'Churn scores',
  access: 'restricted',
  outputType: 's3',
  bucket: 'datalake',
  availabilityTarget: 99.5,
  completenessTarget: 95,
  freshnessTarget: 95,
  freshnessMaxAge: '24h',
  columns: [
    {
      name: 'customer_id',
      type: 'string',
      description: 'The customer',
      required: true,
      primaryKey: true,
    },
    { name: 'churn_score', type: 'number', classification: 'internal' },
  ],
  publishTo: 'local',
};

describe('the templates', () => {
  /** Every string parameter (also in dependencies), with its pattern, enum or const. */
  function stringParameters(schema: any, found: Array<[string, any]> = []) {
    for (const [name, property] of Object.entries<any>(
      schema?.properties ?? {},
    )) {
      if (property.type === 'string') {
        found.push([name, property]);
      }
      if (property.type === 'array' && property.items?.type === 'string') {
        found.push([`${name}[]`, property.items]);
      }
    }
    for (const dependency of Object.values<any>(schema?.dependencies ?? {})) {
      for (const option of dependency.oneOf ?? []) {
        stringParameters(option, found);
      }
    }
    return found;
  }

  it.each([['data-product'], ['dataset']])(
    'constrain every string parameter of %s with a pattern or an enum',
    async name => {
      const { template } = await templateFiles(name);
      const parameters = template.spec.parameters.flatMap((page: any) =>
        stringParameters(page),
      );
      expect(parameters.length).toBeGreaterThan(5);
      const loose = parameters
        .filter(
          ([, p]: [string, any]) =>
            !p.pattern && !p.enum && p.const === undefined,
        )
        .map(([n]: [string, any]) => n);
      expect(loose).toEqual([]);
    },
  );
});

describe('the data-product template', () => {
  it('has one "Register in the catalog" step, whichever way it publishes', async () => {
    const { template } = await templateFiles('data-product');
    expect(
      template.spec.steps.filter(
        (step: any) => step.name === 'Register in the catalog',
      ),
    ).toEqual([expect.objectContaining({ id: 'register' })]);
    expect(
      template.spec.steps.filter((step: any) => /regist/i.test(step.name)),
    ).toHaveLength(1);
  });
});

describe('templates/data-product dry run', () => {
  const gitDir = createMockDirectory();

  async function start(entities: Entity[] = catalogEntities) {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleDataProducts,
        dataProductsPlugin,
        dataProductsModuleAws,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            meshport: {
              environments,
              provisioning: { mode: 'plan' },
              scaffolder: { localGit: { directory: gitDir.path } },
            },
          },
        }),
      ],
    });
    return server;
  }

  async function dryRun(server: any, overrides: Record<string, unknown>) {
    const { template, files } = await templateFiles('data-product');
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        values: { ...values, ...overrides },
        secrets: {},
        directoryContents: files,
      });
  }

  it("lists the module's actions with their schemas and examples", async () => {
    const server = await start();
    const response = await request(server).get('/api/scaffolder/v2/actions');
    const ours = response.body.filter((a: any) => a.id.startsWith('meshport:'));
    expect(ours.map((a: any) => a.id).sort()).toEqual([
      'meshport:catalog:register-local',
      'meshport:entities:append',
      'meshport:entities:validate',
      'meshport:entities:write',
      'meshport:fetch:local',
      'meshport:publish:local',
      'meshport:publish:local:commit',
      'meshport:roles:bootstrap',
    ]);
    for (const action of ours) {
      expect(action.examples.length).toBeGreaterThan(0);
      expect(action.schema.input.type).toBe('object');
    }
  });

  it('generates a valid spec, publishes nothing and shows the roles per environment', async () => {
    const server = await start();
    const response = await dryRun(server, {});
    const log = response.body.log
      .map((entry: any) => entry.body.message)
      .join('\n');
    expect(response.status).toBe(200);

    const files = Object.fromEntries(
      response.body.directoryContents.map((file: any) => [
        file.path,
        Buffer.from(file.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect(Object.keys(files).sort()).toEqual([
      '.github/workflows/data_product_deploy.yml',
      'README.md',
      'catalog-info.yaml',
      'docs/index.md',
      'mkdocs.yml',
      'transform/dbt_project.yml',
      'transform/models/churn_scores.sql',
      'transform/models/schema.yml',
      'transform/profiles.yml',
    ]);
    const [product, dataset] = yaml
      .parseAllDocuments(files['catalog-info.yaml'])
      .map(d => d.toJS());
    expect(product).toMatchObject({
      kind: 'DataProduct',
      metadata: { name: 'customer-churn', title: 'Customer churn' },
      spec: {
        owner: 'group:default/team-sales',
        domain: 'domain:default/sales',
        type: 'consumer-aligned',
        environments: ['dev', 'prd'],
      },
    });
    expect(dataset).toMatchObject({
      kind: 'Dataset',
      metadata: { name: 'churn-scores' },
      spec: {
        dataProduct: 'customer-churn',
        access: 'restricted',
        outputs: [
          {
            type: 's3',
            bucket: 'datalake',
            path: 'customer-churn/churn-scores/',
          },
        ],
        slos: { freshness: { target: 95, maxAge: '24h' } },
        schema: { columns: values.columns },
      },
    });
    // docs for TechDocs: the README is the home page
    expect(yaml.parse(files['mkdocs.yml'])).toEqual({
      site_name: 'Customer churn',
      nav: [{ Home: 'index.md' }],
      plugins: ['techdocs-core'],
    });
    expect(files['docs/index.md']).toBe('--8<-- "README.md"\n');
    // GitHub expressions survive the templating; the product name is filled in
    const pipeline = files['.github/workflows/data_product_deploy.yml'];
    expect(pipeline).toContain('${{ secrets.MESHPORT_TOKEN }}');
    const deploy = yaml.parse(pipeline).jobs.deploy;
    expect(deploy.env.MESHPORT_PORTAL).toBe('${{ vars.MESHPORT_URL }}');
    expect(deploy.steps.map((step: { run?: string }) => step.run)).toEqual(
      expect.arrayContaining([
        'npx --yes @meshport/cli apply catalog-info.yaml --wait --timeout 15m --location "${{ github.server_url }}/${{ github.repository }}/blob/${{ github.ref_name }}/catalog-info.yaml"',
        'npx --yes @meshport/cli get customer-churn',
      ]),
    );
    // pull requests run the contract diff against the base branch
    expect(yaml.parse(pipeline).jobs.contracts.steps[2].run).toBe(
      'npx --yes @meshport/cli diff --base "origin/${{ github.base_ref }}" catalog-info.yaml --portal "${{ vars.MESHPORT_URL }}"',
    );

    // the plan of the draft, from the real AWS planner, without a run
    expect(log).toContain('catalog-info.yaml is valid');
    expect(log).toContain('meshport-customer-churn-dev-consumer');
    expect(log).toContain('meshport-customer-churn-prd-owner');
    expect(log).toContain('Dry run: no provisioning run was queued');
    expect(response.body.output.links).toEqual([
      {
        title: 'Open the data product',
        icon: 'catalog',
        entityRef: 'dataproduct:default/customer-churn',
      },
      {
        title: 'Provisioning plan',
        icon: 'dashboard',
        url: '/catalog/default/dataproduct/customer-churn/provisioning',
      },
      // no GitHub icon for the repository on the portal host; the GitHub link has no url, so
      // the task page leaves it out
      { title: 'Repository on GitHub', icon: 'github' },
      {
        title: 'Repository on the portal host (git clone it)',
        url: `file://${gitDir.path}/repos/customer-churn.git`,
      },
    ]);
    expect(response.body.output.text[0].content).toContain(
      '`dev`: `meshport-customer-churn-dev-service`',
    );
    // nothing was published
    await expect(fs.readdir(gitDir.path)).resolves.toEqual([]);
  });

  it('fails on a name that is already taken, naming it (409)', async () => {
    const server = await start();
    const response = await dryRun(server, { name: 'sales-orders' });
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      name: 'ConflictError',
      message:
        'Already in the catalog: dataproduct:default/sales-orders. Choose another name; existing entities are never overwritten',
    });
  });

  it('fails on a bucket the environments do not configure, naming the field (400)', async () => {
    const server = await start();
    const response = await dryRun(server, { bucket: 'lake' });
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toMatch(
      /catalog-info\.yaml document 2 \(Dataset\/churn-scores\): spec\.outputs\[0\]\.bucket: .*"lake"/,
    );
  });

  // Hole 1 of issue #11: YAML documents inside the wizard's values.
  const PAYLOAD =
    'dev]\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: admins }\nspec: { type: team, children: [], members: [mallory] }\n---\napiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: { name: evil }\n---\napiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: passwd }\nspec: { type: file, target: /etc/passwd }';

  it.each([
    [
      'an environments item',
      { environments: ['dev', PAYLOAD] },
      'environments',
    ],
    ['the owner', { owner: PAYLOAD }, 'owner'],
    ['the domain', { domain: PAYLOAD }, 'domain'],
    ['the title', { title: PAYLOAD.slice(0, 60) }, 'title'],
    [
      'the dataset title',
      { datasetTitle: PAYLOAD.slice(0, 60) },
      'datasetTitle',
    ],
  ])(
    'refuses YAML documents in %s (400, naming the field)',
    async (_, overrides, field) => {
      const server = await start();
      const response = await dryRun(server, overrides);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    },
  );

  it.each([['description'], ['datasetDescription']])(
    'keeps YAML documents in the %s as text: the spec holds exactly the DataProduct and Dataset',
    async field => {
      const server = await start();
      const response = await dryRun(server, { [field]: PAYLOAD });
      expect(response.status).toBe(200);
      const file = response.body.directoryContents.find(
        (f: any) => f.path === 'catalog-info.yaml',
      );
      const documents = yaml
        .parseAllDocuments(
          Buffer.from(file.base64Content, 'base64').toString('utf8'),
        )
        .map(d => d.toJS());
      expect(documents.map(d => `${d.apiVersion} ${d.kind}`)).toEqual([
        'meshport.io/v1alpha1 DataProduct',
        'meshport.io/v1alpha1 Dataset',
      ]);
      const described = field === 'description' ? documents[0] : documents[1];
      expect(described.metadata.description).toBe(PAYLOAD);
    },
  );

  it('keeps scaffolder expressions and YAML in column names and descriptions as text: never templated', async () => {
    const server = await start();
    const columns = [
      {
        name: '${{ parameters.owner }}',
        type: 'string',
        description: PAYLOAD,
        primaryKey: true,
        required: true,
      },
      { name: '{% raw %}x{% endraw %} # ---', type: 'string' },
    ];
    const response = await dryRun(server, { columns });
    expect(response.status).toBe(200);
    const file = response.body.directoryContents.find(
      (f: any) => f.path === 'catalog-info.yaml',
    );
    const documents = yaml
      .parseAllDocuments(
        Buffer.from(file.base64Content, 'base64').toString('utf8'),
      )
      .map(d => d.toJS());
    expect(documents.map(d => d.kind)).toEqual(['DataProduct', 'Dataset']);
    expect(documents[1].spec.schema.columns).toEqual(columns);
  });

  it.each([
    [[], 'columns'],
    [[{ name: 'id', type: 'varchar' }], 'columns'],
    [[{ name: 'a\n---\nkind: Group', type: 'string' }], 'columns'],
  ])('refuses columns %j (400, naming the field)', async (columns, field) => {
    const server = await start();
    const response = await dryRun(server, { columns });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toContain(field);
  });

  it('refuses two columns of the same name in the action, with a sentence naming them', async () => {
    const server = await start();
    const response = await dryRun(server, {
      columns: [
        { name: 'id', type: 'string' },
        { name: 'Id', type: 'string' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'dataset.columns: Column 2 ("Id"): column 1 has the same name (names are compared ignoring case)',
    );
  });

  it('serialises the title into mkdocs.yml: YAML in it stays text', async () => {
    const server = await start();
    const title = 'Churn: "scores" # {a: [b]} - --- &x';
    const response = await dryRun(server, { title });
    expect(response.status).toBe(200);
    const file = response.body.directoryContents.find(
      (f: any) => f.path === 'mkdocs.yml',
    );
    const mkdocs = yaml.parse(
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    );
    expect(mkdocs.site_name).toBe(title);
    expect(Object.keys(mkdocs)).toEqual(['site_name', 'nav', 'plugins']);
  });

  it('rejects values the wizard would not accept (the parameters schema)', async () => {
    const server = await start();
    const response = await dryRun(server, { freshnessMaxAge: 'daily' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toContain('freshnessMaxAge');
  });
});

/** Permissions and user info deciding by ownership, as Meshport's policy does. */
function ownership(entities: Entity[]) {
  const { permissions, userInfo } = ownerPermissions({
    entities,
    memberships: {
      'user:default/seller': ['group:default/team-sales'],
      'user:default/marketer': ['group:default/team-marketing'],
    },
  });
  return [
    createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => permissions,
    }),
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => userInfo,
    }),
  ];
}

describe('templates/dataset dry run', () => {
  const dir = createMockDirectory();

  it('appends a valid dataset to the product repository, commits nothing and shows the roles', async () => {
    // a product published by the data-product template
    const repositories = new LocalGitRepositories({
      directory: path.join(dir.path, 'git'),
    });
    dir.addContent({
      'source/catalog-info.yaml': `apiVersion: meshport.io/v1alpha1
kind: DataProduct
metadata:
  name: customer-churn
spec:
  owner: group:default/team-sales
  domain: domain:default/sales
  environments: [dev, prd]
`,
    });
    await repositories.create({
      name: 'customer-churn',
      sourceDir: path.join(dir.path, 'source'),
      message: 'Initial commit',
      author: { name: 'Test', email: 'test@example.com' },
      defaultBranch: 'main',
      taskId: 'setup',
    });
    const catalogInfo = path.join(
      dir.path,
      'git/checkouts/customer-churn/catalog-info.yaml',
    );
    const product: Entity = {
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'DataProduct',
      metadata: {
        name: 'customer-churn',
        namespace: 'default',
        title: 'Customer churn',
        annotations: {
          'backstage.io/managed-by-location':
            'meshport-local-git:customer-churn',
        },
      },
      spec: {
        owner: 'group:default/team-sales',
        domain: 'domain:default/sales',
        environments: ['dev', 'prd'],
      },
    };

    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleDataProducts,
        dataProductsPlugin,
        dataProductsModuleAws,
        ...ownership([...catalogEntities, product]),
        catalogServiceMock.factory({
          entities: [...catalogEntities, product],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            meshport: {
              environments,
              provisioning: { mode: 'plan' },
              scaffolder: {
                localGit: { directory: path.join(dir.path, 'git') },
              },
            },
          },
        }),
      ],
    });
    const { template, files } = await templateFiles('dataset');
    const dryRunAs = (userRef: string) =>
      request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', mockCredentials.user.header(userRef))
        .send({
          template,
          values: {
            dataProduct: 'dataproduct:default/customer-churn',
            datasetName: 'churn-drivers',
            datasetTitle: 'Churn drivers',
            access: 'unrestricted',
            outputType: 'glue',
            bucket: 'datalake',
            availabilityTarget: 99,
            freshnessTarget: 90,
            freshnessMaxAge: '48h',
            columns: [
              { name: 'driver', type: 'string', required: true },
              { name: 'weight', type: 'number' },
            ],
          },
          secrets: {},
          directoryContents: files,
        });

    // Hole 2 of issue #11: a member of team-marketing may not add to team-sales' product.
    const refused = await dryRunAs('user:default/marketer');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'You may not change the data product Customer churn: it is owned by Team Sales. Only its owners and Meshport admins may add to its repository.',
    );

    const response = await dryRunAs('user:default/seller');
    expect(response.status).toBe(200);
    const log = response.body.log
      .map((entry: any) => entry.body.message)
      .join('\n');
    expect(log).toContain(
      'Added dataset:default/churn-drivers to repo/catalog-info.yaml',
    );
    expect(log).toContain('repo/catalog-info.yaml is valid');
    expect(log).toContain('meshport-customer-churn-dev-consumer');

    const written = response.body.directoryContents.find(
      (file: any) => file.path === 'repo/catalog-info.yaml',
    );
    const [, dataset] = yaml
      .parseAllDocuments(
        Buffer.from(written.base64Content, 'base64').toString('utf8'),
      )
      .map(d => d.toJS());
    expect(dataset).toMatchObject({
      kind: 'Dataset',
      metadata: { name: 'churn-drivers' },
      spec: {
        dataProduct: 'customer-churn',
        owner: 'group:default/team-sales',
        access: 'unrestricted',
        outputs: [
          { type: 'glue', database: 'customer_churn', table: 'churn_drivers' },
        ],
        slos: { freshness: { target: 90, maxAge: '48h' } },
        schema: {
          columns: [
            { name: 'driver', type: 'string', required: true },
            { name: 'weight', type: 'number' },
          ],
        },
      },
    });
    // the repository still has its one commit
    await expect(fs.readFile(catalogInfo, 'utf8')).resolves.not.toContain(
      'churn-drivers',
    );
  });
});
