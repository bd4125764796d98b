/*
 * Real OpenLineage producers against the data-products backend: a product
 * generated from templates/data-product (the scaffolder's dry run) runs its
 * dbt project on DuckDB with `dbt-ol build`, and a pipeline sends a batch
 * with column lineage through the openlineage-python client. Both post to a
 * backend this test starts on 127.0.0.1; the lineage routes store and map
 * what arrives to the catalog's Datasets.
 */
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import dataProductsPlugin from '@meshport/plugin-data-products-backend';
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import yaml from 'yaml';
import { scaffolderModuleDataProducts } from '../module';

jest.setTimeout(180_000);

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../../..');
const venvBin = path.join(repoRoot, '.tools/venv/lineage/bin');

function peer(tool: string): string {
  const file = path.join(venvBin, tool);
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: run scripts/python-peers.sh lineage to install dbt, dbt-duckdb and the OpenLineage clients`,
    );
  }
  return file;
}

const environments = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-dev-datalake' } },
    readsFrom: [],
  },
];

const values = {
  name: 'customer-churn',
  title: 'Customer churn',
  description: 'Which customers are about to leave',
  owner: 'group:default/team-sales',
  domain: 'domain:default/sales',
  productType: 'consumer-aligned',
  environments: ['dev'],
  datasetName: 'churn-scores',
  datasetTitle: 'Churn scores',
  datasetDescription: 'One score per customer',
  access: 'restricted',
  outputType: 'glue',
  availabilityTarget: 99.5,
  completenessTarget: 95,
  freshnessTarget: 95,
  freshnessMaxAge: '24h',
  // the columns of the skeleton's sample dbt model
  columns: [
    { name: 'id', type: 'string', required: true, primaryKey: true },
    { name: 'updated_at', type: 'timestamp', required: true },
  ],
  publishTo: 'local',
};

async function readDir(dir: string, sub = '') {
  const files: Array<{ path: string; base64Content: string }> = [];
  for (const entry of await fs.readdir(path.join(dir, sub), {
    withFileTypes: true,
  })) {
    const relative = path.posix.join(sub, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await readDir(dir, relative)));
    } else {
      const content = await fs.readFile(path.join(dir, relative));
      files.push({ path: relative, base64Content: content.toString('base64') });
    }
  }
  return files;
}

/** The product's files as the wizard would generate them (scaffolder dry run). */
async function generateProduct(): Promise<Record<string, string>> {
  const gitDir = createMockDirectory();
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleDataProducts,
      dataProductsPlugin,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          meshport: {
            environments,
            scaffolder: { localGit: { directory: gitDir.path } },
          },
        },
      }),
    ],
  });
  const dir = path.join(repoRoot, 'templates', 'data-product');
  const template = yaml.parse(
    await fs.readFile(path.join(dir, 'template.yaml'), 'utf8'),
  );
  const response = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .send({
      template,
      values,
      secrets: {},
      directoryContents: await readDir(dir),
    });
  expect(response.status).toBe(200);
  await server.stop?.();
  return Object.fromEntries(
    response.body.directoryContents.map((file: any) => [
      file.path,
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

async function exampleEntities(product: string): Promise<Entity[]> {
  const file = path.join(
    repoRoot,
    'examples/products',
    product,
    'catalog-info.yaml',
  );
  return yaml
    .parseAllDocuments(await fs.readFile(file, 'utf8'))
    .map(doc => doc.toJS());
}

/** The lineage backend on 127.0.0.1 (the test backend listens on every interface). */
async function startLineageBackend(entities: Entity[]) {
  const { server } = await startTestBackend({
    features: [
      dataProductsPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          meshport: {
            environments,
            lineage: { tableNamespaces: ['duckdb://'] },
          },
        },
      }),
    ],
  });
  const http = server as unknown as Server;
  await new Promise<void>(resolve => http.close(() => resolve()));
  await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, baseUrl: `http://127.0.0.1:${address.port}` };
}

describe('OpenLineage producers', () => {
  const workDir = createMockDirectory();
  let files: Record<string, string>;
  let backend: Awaited<ReturnType<typeof startLineageBackend>>;
  const token = mockCredentials.service.token();
  const asUser = mockCredentials.user.header('user:default/alice');

  beforeAll(async () => {
    peer('dbt-ol');
    files = await generateProduct();
    const [product, dataset] = yaml
      .parseAllDocuments(files['catalog-info.yaml'])
      .map(doc => doc.toJS());
    backend = await startLineageBackend([
      product,
      dataset,
      ...(await exampleEntities('sales-orders')),
      ...(await exampleEntities('marketing-campaigns')),
    ]);
  });

  afterAll(async () => {
    await backend?.server.stop?.();
  });

  const graphOf = async (entityRef: string) => {
    const response = await request(backend.server)
      .get('/api/data-products/lineage/graph')
      .query({ entityRef })
      .set('Authorization', asUser);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('stores and maps what dbt-ol build of the generated dbt project posts', async () => {
    const project = path.join(workDir.path, 'transform');
    for (const [file, content] of Object.entries(files)) {
      if (file.startsWith('transform/')) {
        await fs.mkdir(path.dirname(path.join(workDir.path, file)), {
          recursive: true,
        });
        await fs.writeFile(path.join(workDir.path, file), content);
      }
    }
    // The developer's step the model's comment asks for: read a source (sales-orders' orders
    // table, here a DuckDB table of the same name; the product declares no input port for it).
    await fs.mkdir(path.join(project, 'target'), { recursive: true });
    await run(
      peer('python'),
      [
        '-c',
        [
          'import duckdb',
          "con = duckdb.connect('target/dev.duckdb')",
          'con.execute("create schema if not exists sales_orders")',
          "con.execute(\"create or replace table sales_orders.orders as select 'o-1' as order_id, 'c-1' as customer_id\")",
        ].join('\n'),
      ],
      { cwd: project },
    );
    await fs.writeFile(
      path.join(project, 'models/sources.yml'),
      yaml.stringify({
        version: 2,
        sources: [
          {
            name: 'sales_orders',
            schema: 'sales_orders',
            tables: [{ name: 'orders' }],
          },
        ],
      }),
    );
    const model = path.join(project, 'models/churn_scores.sql');
    await fs.writeFile(
      model,
      (
        await fs.readFile(model, 'utf8')
      ).replace(
        /\)\n\nselect/,
        ")\n, orders as (select * from {{ source('sales_orders', 'orders') }})\n\nselect",
      ),
    );

    const { stdout } = await run(
      peer('dbt-ol'),
      ['build', '--profiles-dir', '.'],
      {
        cwd: project,
        env: {
          PATH: `${venvBin}:${process.env.PATH}`,
          HOME: workDir.path,
          DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
          DO_NOT_TRACK: '1',
          // Marquez-style: the lineage route as OPENLINEAGE_URL, endpoint api/v1/lineage
          OPENLINEAGE_URL: `${backend.baseUrl}/api/data-products/lineage/`,
          OPENLINEAGE_API_KEY: token,
          OPENLINEAGE_NAMESPACE: values.name,
        },
      },
    );
    expect(stdout).toMatch(/Completed successfully|PASS=/);

    const graph = await graphOf('dataset:default/churn-scores');
    const model_ = graph.jobs.find((job: any) =>
      job.name.endsWith('churn_scores.build.run'),
    );
    expect(model_).toMatchObject({
      namespace: 'customer-churn',
      dataProduct: 'dataproduct:default/customer-churn',
      lastRun: { state: 'COMPLETE' },
    });
    const byRef = Object.fromEntries(
      graph.datasets.map((d: any) => [d.datasetRef ?? d.name, d]),
    );
    expect(byRef['dataset:default/churn-scores']).toMatchObject({
      side: 'self',
      name: 'dev.customer_churn.churn_scores',
      fields: expect.arrayContaining([expect.objectContaining({ name: 'id' })]),
    });
    expect(byRef['dataset:default/orders']).toMatchObject({
      side: 'upstream',
      namespace: expect.stringMatching(/^duckdb:\/\//),
      name: 'dev.sales_orders.orders',
    });

    // customer-churn reads orders with no input port and no grant: flagged to its owner
    const orders = await graphOf('dataset:default/orders');
    expect(orders.undeclared).toEqual([
      expect.objectContaining({
        consumer: 'dataproduct:default/customer-churn',
        consumerTitle: 'Customer churn',
      }),
    ]);
  });

  it('stores a batch with column lineage from the openlineage-python client', async () => {
    const { stdout } = await run(
      peer('python'),
      [
        path.join(__dirname, 'fixtures/send_lineage_batch.py'),
        backend.baseUrl,
        token,
      ],
      { env: { PATH: `${venvBin}:${process.env.PATH}`, HOME: workDir.path } },
    );
    const { runId, response } = JSON.parse(stdout.trim().split('\n').pop()!);
    // The START came through the client's transport first: the batch adds only COMPLETE.
    expect(response).toEqual({ received: 2, stored: 1, unmatchedDatasets: [] });

    const graph = await graphOf('dataset:default/campaign-performance');
    expect(graph.jobs).toEqual([
      expect.objectContaining({
        namespace: 'marketing-campaigns',
        name: 'attribute_orders',
        dataProduct: 'dataproduct:default/marketing-campaigns',
        lastRun: expect.objectContaining({ runId, state: 'COMPLETE' }),
      }),
    ]);
    const orders = graph.datasets.find(
      (d: any) => d.datasetRef === 'dataset:default/orders',
    );
    expect(orders).toMatchObject({
      side: 'upstream',
      namespace: 'awsathena://athena.eu-west-1.amazonaws.com',
    });
    expect(graph.columnEdges).toEqual([
      expect.objectContaining({
        field: 'revenue',
        inputDatasetId: orders.id,
        inputField: 'amount',
        transformation: 'DIRECT/AGGREGATION',
      }),
    ]);
    // marketing-campaigns declares orders as an input port: nothing flagged for it
    const ordersGraph = await graphOf('dataset:default/orders');
    expect(ordersGraph.undeclared.map((u: any) => u.consumer)).toEqual([
      'dataproduct:default/customer-churn',
    ]);
  });
});
