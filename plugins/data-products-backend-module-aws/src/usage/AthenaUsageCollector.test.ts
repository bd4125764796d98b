/*
 * The Athena usage collector with the real SDK v3 client against moto in
 * server mode (moto 5.2.6 has no BatchGetQueryExecution: that run takes the
 * one-by-one path), and the batch path with a mocked client.
 */
import {
  AthenaClient,
  BatchGetQueryExecutionCommand,
  CreateWorkGroupCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import { mockClient } from 'aws-sdk-client-mock';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { AwsClientCache } from '../apply/clients';
import { DEFAULT_AWS_CONFIG } from '../config';
import { AthenaUsageCollector } from './AthenaUsageCollector';

jest.setTimeout(60_000);

const motoServer = path.resolve(
  __dirname,
  '../../../../.tools/venv/aws/bin/moto_server',
);

const environments: MeshportEnvironment[] = ['dev', 'prd'].map(name => ({
  name,
  accountId: '123456789012',
  region: 'eu-west-1',
  buckets: {},
  readsFrom: [],
}));

const product = (name: string, envs: string[]): DataProductEntity => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'team', domain: 'sales', environments: envs },
});

const dataset = (
  name: string,
  database: string,
  table: string,
): DatasetEntity => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name, namespace: 'default' },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'team',
    access: 'restricted',
    outputs: [{ type: 'glue', database, table }],
  },
});

const products = [
  product('churn', ['dev', 'prd']),
  product('sales-orders', ['dev']),
];
const datasets = [
  dataset('orders', 'sales_orders', 'orders'),
  dataset('shipments', 'logistics', 'shipments'),
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('AthenaUsageCollector against moto', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let clients: AwsClientCache;

  beforeAll(async () => {
    if (!existsSync(motoServer)) {
      throw new Error(
        `${motoServer} is missing: run scripts/python-peers.sh aws to install moto`,
      );
    }
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: 'ignore',
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
      } catch {
        if (i > 100) throw new Error('moto_server did not start');
        await new Promise(r => setTimeout(r, 200));
      }
    }
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    clients = new AwsClientCache({ ...DEFAULT_AWS_CONFIG, endpoint });
  });

  afterAll(() => {
    clients?.destroy();
    moto?.kill();
  });

  it("counts each product's reads of Datasets per day from its workgroups' query history", async () => {
    const athena = (env: string) =>
      clients.for(environments.find(e => e.name === env)!).athena;
    const query = async (
      env: string,
      workgroup: string,
      sql: string,
      database?: string,
    ) => {
      await athena(env).send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: workgroup,
          QueryExecutionContext: database ? { Database: database } : undefined,
          ResultConfiguration: {
            OutputLocation: 's3://meshport-dev-datalake/workspace/',
          },
        }),
      );
    };
    for (const name of [
      'meshport-churn-dev',
      'meshport-churn-prd',
      'meshport-sales-orders-dev',
    ]) {
      await athena('dev').send(new CreateWorkGroupCommand({ Name: name }));
    }
    await query(
      'dev',
      'meshport-churn-dev',
      'SELECT o.id FROM sales_orders.orders o JOIN "awsdatacatalog"."logistics"."shipments" s ON o.id = s.order_id',
    );
    await query(
      'dev',
      'meshport-churn-dev',
      'select count(*) from orders',
      'sales_orders',
    );
    await query(
      'dev',
      'meshport-churn-dev',
      'CREATE TABLE churn.x AS SELECT * FROM sales_orders.orders',
    );
    await query(
      'prd',
      'meshport-churn-prd',
      'select * from sales_orders.orders limit 10',
    );
    await query(
      'dev',
      'meshport-sales-orders-dev',
      'select * from sales_orders.orders',
    );

    const logger = mockServices.logger.mock();
    const collector = new AthenaUsageCollector({
      environments,
      prefix: 'meshport',
      athenaFor: env => clients.for(env).athena,
      logger,
    });
    const today = new Date().toISOString().slice(0, 10);
    const reads = await collector.collect({
      products,
      datasets,
      since: new Date(Date.now() - 86_400_000),
    });
    expect(
      reads.sort((a, b) =>
        `${a.dataset}${a.consumer}`.localeCompare(`${b.dataset}${b.consumer}`),
      ),
    ).toEqual([
      {
        dataset: 'dataset:default/orders',
        consumer: 'dataproduct:default/churn',
        day: today,
        reads: 3,
      },
      {
        dataset: 'dataset:default/orders',
        consumer: 'dataproduct:default/sales-orders',
        day: today,
        reads: 1,
      },
      {
        dataset: 'dataset:default/shipments',
        consumer: 'dataproduct:default/churn',
        day: today,
        reads: 1,
      },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/reading queries one by one/),
    );
  });
});

describe('AthenaUsageCollector with BatchGetQueryExecution', () => {
  it('reads queries 50 at a time and stops paging at the first query older than since', async () => {
    const athena = mockClient(AthenaClient);
    const since = new Date('2026-12-04T00:00:00Z');
    athena
      .on(ListQueryExecutionsCommand)
      .resolves({ QueryExecutionIds: ['a', 'b', 'c'], NextToken: 'more' });
    athena.on(BatchGetQueryExecutionCommand).resolves({
      QueryExecutions: [
        {
          Query: 'select * from sales_orders.orders',
          StatementType: 'DML',
          Status: {
            State: 'SUCCEEDED',
            SubmissionDateTime: new Date('2026-12-05T09:00:00Z'),
          },
        },
        {
          Query: 'select * from sales_orders.orders',
          StatementType: 'DML',
          Status: {
            State: 'FAILED',
            SubmissionDateTime: new Date('2026-12-04T09:00:00Z'),
          },
        },
        {
          Query: 'select * from sales_orders.orders',
          StatementType: 'DML',
          Status: {
            State: 'SUCCEEDED',
            SubmissionDateTime: new Date('2026-12-03T23:00:00Z'),
          },
        },
      ],
    });
    const collector = new AthenaUsageCollector({
      environments: [environments[0]],
      prefix: 'meshport',
      athenaFor: () => new AthenaClient({ region: 'eu-west-1' }),
      logger: mockServices.logger.mock(),
    });
    const reads = await collector.collect({
      products: [products[0]],
      datasets,
      since,
    });
    expect(reads).toEqual([
      {
        dataset: 'dataset:default/orders',
        consumer: 'dataproduct:default/churn',
        day: '2026-12-05',
        reads: 1,
      },
    ]);
    expect(athena.commandCalls(ListQueryExecutionsCommand)).toHaveLength(1);
    expect(
      athena.commandCalls(ListQueryExecutionsCommand)[0].args[0].input,
    ).toEqual({
      WorkGroup: 'meshport-churn-dev',
      MaxResults: 50,
      NextToken: undefined,
    });
    athena.restore();
  });
});
