import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { S3Client } from '@aws-sdk/client-s3';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { ArchiveRequest } from '@meshport/plugin-data-products-node';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveAwsProvisionerConfig } from '../config';
import { dataset, product } from '../plan/__fixtures__/mesh';
import { AwsProvisioner } from '../provisioner';
import { FakeAws, FakeS3 } from '../testing';

const DEV: MeshportEnvironment = {
  name: 'dev',
  accountId: '111111111111',
  region: 'eu-west-1',
  buckets: {
    datalake: { name: 'meshport-dev-datalake' },
    archive: { name: 'meshport-dev-archive' },
  },
  readsFrom: [],
};
const PRD: MeshportEnvironment = {
  name: 'prd',
  accountId: '222222222222',
  region: 'eu-central-1',
  buckets: {
    datalake: { name: 'meshport-prd-datalake' },
    archive: { name: 'meshport-prd-archive' },
  },
  readsFrom: [],
};

const RETIREMENT = '7b0f2c1e-9a41-4c7e-8f0e-2f6d1a3b4c5d';
const ROOT = `retired/sales/${RETIREMENT}/`;

const stubs = {
  iam: mockClient(IAMClient),
  glue: mockClient(GlueClient),
  athena: mockClient(AthenaClient),
  sts: mockClient(STSClient),
  s3: mockClient(S3Client),
};
let cloud: FakeAws;
let s3: FakeS3;

beforeEach(() => {
  for (const stub of Object.values(stubs)) stub.reset();
  cloud = new FakeAws([DEV, PRD]);
  cloud.install(stubs);
  s3 = new FakeS3(2); // small pages: listing must follow continuation tokens
  s3.install(stubs.s3);
  for (const env of [DEV, PRD]) {
    for (const bucket of Object.values(env.buckets))
      s3.createBucket(bucket.name);
  }
});

afterAll(() => {
  for (const stub of Object.values(stubs)) stub.restore();
});

function request(
  mode: 'plan' | 'apply',
  environments: MeshportEnvironment[] = [DEV, PRD],
): ArchiveRequest {
  return {
    retirementId: RETIREMENT,
    dataProduct: 'dataproduct:default/sales',
    mode,
    input: {
      products: [product('sales', { environments: ['dev'] })],
      datasets: [
        dataset('orders', 'sales', [
          { type: 's3', bucket: 'datalake', path: 'sales/orders/' },
          { type: 'glue', database: 'sales_db', table: 'orders' },
        ]),
      ],
      grants: [],
      environments,
    },
  };
}

function provisioner(environments: MeshportEnvironment[] = [DEV, PRD]) {
  return new AwsProvisioner({
    config: resolveAwsProvisionerConfig({}),
    environments,
  });
}

describe('AwsProvisioner.archive', () => {
  it("copies nothing when the environment's credentials are of another account", async () => {
    s3.putByHand('meshport-dev-datalake', 'sales/orders/2026/01.parquet', 'a');
    cloud.useCredentialsOf(DEV.region, PRD.accountId);
    const result = await provisioner().archive(request('apply'));
    expect(result.operations.map(o => o.status)).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
    expect(result.operations[0].error).toContain(
      'Environment dev is account 111111111111, but its credentials are of account 222222222222',
    );
    expect(s3.calls).toEqual([]);
  });

  it('in plan mode lists the copies and the Glue export without calling AWS', async () => {
    const result = await provisioner().archive(request('plan'));
    expect(result.problems).toEqual([]);
    expect(
      result.operations.map(o => [
        o.status,
        o.resourceType,
        o.source,
        o.target,
      ]),
    ).toEqual([
      [
        'planned',
        's3-prefix',
        's3://meshport-dev-datalake/products/sales/',
        `s3://meshport-dev-archive/${ROOT}s3/meshport-dev-datalake/products/sales/`,
      ],
      [
        'planned',
        's3-prefix',
        's3://meshport-dev-datalake/sales/orders/',
        `s3://meshport-dev-archive/${ROOT}s3/meshport-dev-datalake/sales/orders/`,
      ],
      [
        'planned',
        'glue-database',
        'glue://111111111111/sales_db (orders)',
        `s3://meshport-dev-archive/${ROOT}glue/sales_db.json`,
      ],
    ]);
    expect(s3.calls).toEqual([]);
    expect(cloud.account(DEV.accountId).glue.calls).toEqual([]);
  });

  it('copies every object to the archive bucket, exports the Glue tables and deletes nothing', async () => {
    s3.putByHand('meshport-dev-datalake', 'sales/orders/2026/01.parquet', 'a');
    s3.putByHand('meshport-dev-datalake', 'sales/orders/2026/02.parquet', 'bb');
    s3.putByHand(
      'meshport-dev-datalake',
      'sales/orders/2026/03 x.parquet',
      'c',
    );
    s3.putByHand('meshport-dev-datalake', 'sales/orders-v2/keep.parquet', 'z');
    s3.putByHand(
      'meshport-dev-datalake',
      'products/sales/athena-results/q.csv',
      'q',
    );
    const glue = cloud.account(DEV.accountId).glue;
    await glue.byHand(async g => {
      await g.createDatabase({
        CatalogId: DEV.accountId,
        DatabaseInput: { Name: 'sales_db', Description: 'Sales' },
        Tags: { 'meshport:managed': 'true' },
      });
      g.addTable('sales_db', 'orders');
      g.addTable('sales_db', 'customers');
    });

    const result = await provisioner().archive(request('apply'));

    expect(result.operations.map(o => [o.id, o.status, o.details])).toEqual([
      [
        'aws:dev:archive:s3-prefix:meshport-dev-datalake/products/sales/',
        'succeeded',
        { objects: 1, bytes: 1, copied: 1 },
      ],
      [
        'aws:dev:archive:s3-prefix:meshport-dev-datalake/sales/orders/',
        'succeeded',
        { objects: 3, bytes: 4, copied: 3 },
      ],
      [
        'aws:dev:archive:glue-database:sales_db',
        'succeeded',
        { tables: 1, bytes: expect.any(Number) },
      ],
    ]);
    expect(s3.keys('meshport-dev-archive')).toEqual([
      `${ROOT}glue/sales_db.json`,
      `${ROOT}s3/meshport-dev-datalake/products/sales/athena-results/q.csv`,
      `${ROOT}s3/meshport-dev-datalake/sales/orders/2026/01.parquet`,
      `${ROOT}s3/meshport-dev-datalake/sales/orders/2026/02.parquet`,
      `${ROOT}s3/meshport-dev-datalake/sales/orders/2026/03 x.parquet`,
    ]);
    expect(
      s3.body(
        'meshport-dev-archive',
        `${ROOT}s3/meshport-dev-datalake/sales/orders/2026/02.parquet`,
      ),
    ).toBe('bb');
    const exported = JSON.parse(
      s3.body('meshport-dev-archive', `${ROOT}glue/sales_db.json`)!,
    );
    expect(exported.database).toMatchObject({ Name: 'sales_db' });
    expect(exported.tables.map((t: any) => t.Name)).toEqual(['orders']);
    // nothing deleted: the originals and the Glue database stay
    expect(s3.keys('meshport-dev-datalake')).toHaveLength(5);
    expect(glue.databaseNames()).toEqual(['sales_db']);
    expect(
      s3
        .writes()
        .map(w => w.command)
        .sort(),
    ).toEqual([
      'CopyObject',
      'CopyObject',
      'CopyObject',
      'CopyObject',
      'PutObject',
    ]);
    // a neighbouring prefix is not part of the product's data
    expect(
      s3.keys('meshport-dev-archive').some(k => k.includes('orders-v2')),
    ).toBe(false);
  });

  it('is idempotent: archiving again copies nothing more', async () => {
    s3.putByHand('meshport-dev-datalake', 'sales/orders/a.parquet', 'a');
    await provisioner().archive(request('apply'));
    s3.resetCalls();

    const again = await provisioner().archive(request('apply'));

    expect(again.operations.map(o => o.details?.copied)).toEqual([
      0,
      0,
      undefined,
    ]);
    expect(s3.writes('CopyObject')).toEqual([]);
  });

  it('reports a failed copy and carries on with the other locations', async () => {
    s3.putByHand('meshport-dev-datalake', 'sales/orders/a.parquet', 'a');
    s3.putByHand('meshport-dev-datalake', 'products/sales/b.csv', 'b');
    s3.failOn(
      'CopyObject',
      input => String(input.CopySource).includes('sales/orders/'),
      () => Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }),
    );

    const result = await provisioner().archive(request('apply'));

    expect(
      result.operations.map(o => [o.resourceType, o.status, o.error]),
    ).toEqual([
      ['s3-prefix', 'succeeded', undefined],
      ['s3-prefix', 'failed', 'AccessDenied: Access Denied'],
      ['glue-database', 'succeeded', undefined],
    ]);
  });

  it('names the missing archive bucket instead of archiving nowhere', async () => {
    const noArchive = { ...DEV, buckets: { datalake: DEV.buckets.datalake } };
    const result = await provisioner([noArchive]).archive(
      request('apply', [noArchive]),
    );
    expect(result.operations).toEqual([]);
    expect(result.problems).toEqual([
      {
        severity: 'error',
        dataProduct: 'dataproduct:default/sales',
        environment: 'dev',
        message:
          "Environment dev has no 'archive' bucket in meshport.environments[].buckets: add one (or set meshport.aws.archiveBucket) so retired data can be archived",
      },
    ]);
    expect(s3.calls).toEqual([]);
  });
});
