import {
  EntityNotFoundException,
  GetTableCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type {
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveAwsProvisionerConfig } from '../config';
import {
  GlueSliCollector,
  parseRowCount,
  resolveSliEnvironment,
} from './GlueSliCollector';

const glue = mockClient(GlueClient);
const sts = mockClient(STSClient);

const prd: MeshportEnvironment = {
  name: 'prd',
  accountId: '222222222222',
  region: 'eu-west-1',
  buckets: {},
  readsFrom: [],
};
const dev: MeshportEnvironment = { ...prd, name: 'dev', readsFrom: ['prd'] };

function dataset(
  name: string,
  outputs: DatasetEntity['spec']['outputs'],
): DatasetEntity {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name, namespace: 'default' },
    spec: { dataProduct: 'p', owner: 'team', access: 'restricted', outputs },
  };
}

const NOW = new Date('2026-11-23T12:30:00.400Z');
const SINCE = new Date('2026-11-23T11:30:00Z');

function collector() {
  const logger = mockServices.logger.mock();
  return {
    logger,
    collector: new GlueSliCollector({
      environment: prd,
      logger,
      clock: () => NOW,
    }),
  };
}

function notFound() {
  return new EntityNotFoundException({
    message: 'Table not found',
    $metadata: {},
  });
}

describe('GlueSliCollector with meshport.aws', () => {
  it("reads nothing when the environment's credentials are of another account", async () => {
    sts.reset();
    glue.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111' });
    const guarded = new GlueSliCollector({
      environment: prd,
      logger: mockServices.logger.mock(),
      clock: () => NOW,
      config: resolveAwsProvisionerConfig({
        environments: {
          prd: { roleArn: 'arn:aws:iam::111111111111:role/meshport' },
        },
      }),
    });
    await expect(
      guarded.collect(
        [
          dataset('orders', [
            { type: 'glue', database: 'sales_db', table: 'orders' },
          ]),
        ],
        SINCE,
      ),
    ).rejects.toThrow(
      'Environment prd is account 222222222222, but its credentials are of account 111111111111',
    );
    expect(glue.commandCalls(GetTableCommand)).toEqual([]);
  });
});

describe('GlueSliCollector', () => {
  beforeEach(() => glue.reset());

  it('reports a readable table as available and its newer update with the row count', async () => {
    glue
      .on(GetTableCommand, {
        CatalogId: '222222222222',
        DatabaseName: 'sales',
        Name: 'orders',
      })
      .resolves({
        Table: {
          Name: 'orders',
          UpdateTime: new Date('2026-11-23T12:00:00Z'),
          Parameters: { numRows: '120345', classification: 'parquet' },
        },
      });
    const { collector: c } = collector();
    const measurements = await c.collect(
      [
        dataset('orders', [
          { type: 's3', bucket: 'datalake', path: 'sales/orders/' },
          { type: 'glue', database: 'sales', table: 'orders' },
        ]),
      ],
      SINCE,
    );
    expect(measurements).toEqual([
      {
        dataset: 'dataset:default/orders',
        kind: 'availability',
        at: '2026-11-23T12:30:00.000Z',
        available: true,
        environment: 'prd',
      },
      {
        dataset: 'dataset:default/orders',
        kind: 'update',
        at: '2026-11-23T12:00:00.000Z',
        rowCount: 120345,
        environment: 'prd',
      },
    ]);
  });

  it('does not report an update it already reported, and a missing table as unavailable', async () => {
    glue
      .on(GetTableCommand, { Name: 'orders' })
      .resolves({
        Table: {
          Name: 'orders',
          UpdateTime: new Date('2026-11-23T10:00:00Z'),
          Parameters: { recordCount: '7' },
        },
      })
      .on(GetTableCommand, { Name: 'lines' })
      .rejects(notFound());
    const { collector: c } = collector();
    const measurements = await c.collect(
      [
        dataset('orders', [
          { type: 'glue', database: 'sales', table: 'orders' },
        ]),
        dataset('lines', [{ type: 'glue', database: 'sales', table: 'lines' }]),
        // a whole database has no table to read: not collected
        dataset('all', [{ type: 'glue', database: 'sales' }]),
      ],
      SINCE,
    );
    expect(measurements.map(m => [m.dataset, m.kind, m.available])).toEqual([
      ['dataset:default/orders', 'availability', true],
      ['dataset:default/lines', 'availability', false],
    ]);
    expect(glue.commandCalls(GetTableCommand)).toHaveLength(2);
  });

  it('counts a dataset unavailable when any of its tables is missing', async () => {
    glue
      .on(GetTableCommand, { Name: 'a' })
      .resolves({ Table: { Name: 'a', UpdateTime: SINCE } })
      .on(GetTableCommand, { Name: 'b' })
      .rejects(notFound());
    const { collector: c } = collector();
    const measurements = await c.collect(
      [
        dataset('two', [
          { type: 'glue', database: 'x', table: 'a' },
          { type: 'glue', database: 'x', table: 'b' },
        ]),
      ],
      SINCE,
    );
    expect(measurements).toEqual([
      expect.objectContaining({ kind: 'availability', available: false }),
    ]);
  });

  it('skips a table it may not read instead of calling it unavailable, and fails when nothing could be read', async () => {
    const denied = Object.assign(new Error('not authorized'), {
      name: 'AccessDeniedException',
    });
    glue
      .on(GetTableCommand, { Name: 'orders' })
      .rejects(denied)
      .on(GetTableCommand, { Name: 'lines' })
      .resolves({ Table: { Name: 'lines' } });
    const { collector: c, logger } = collector();
    const measurements = await c.collect(
      [
        dataset('orders', [
          { type: 'glue', database: 'sales', table: 'orders' },
        ]),
        dataset('lines', [{ type: 'glue', database: 'sales', table: 'lines' }]),
      ],
      SINCE,
    );
    expect(measurements.map(m => m.dataset)).toEqual(['dataset:default/lines']);
    expect(logger.warn).toHaveBeenCalledWith(
      'Glue SLI collector could not read sales.orders in prd for dataset:default/orders: AccessDeniedException: not authorized',
    );

    await expect(
      c.collect(
        [
          dataset('orders', [
            { type: 'glue', database: 'sales', table: 'orders' },
          ]),
        ],
        SINCE,
      ),
    ).rejects.toThrow('not authorized');
  });

  it('makes no call without Glue tables', async () => {
    const { collector: c } = collector();
    expect(await c.collect([dataset('files', [])], SINCE)).toEqual([]);
    expect(glue.calls()).toHaveLength(0);
  });
});

describe('parseRowCount', () => {
  it.each([
    [{ numRows: '42' }, 42],
    [{ recordCount: ' 7 ' }, 7],
    [{ numRows: '-1', recordCount: '3' }, 3],
    [{ numRows: '1.5' }, undefined],
    [{ numRows: '99999999999999999999' }, undefined],
    [{}, undefined],
    [undefined, undefined],
  ])('%j -> %p', (parameters, expected) => {
    expect(parseRowCount(parameters)).toBe(expected);
  });
});

describe('resolveSliEnvironment', () => {
  it('prefers the configured one, else the one that reads from no other', () => {
    expect(resolveSliEnvironment(new ConfigReader({}), [dev, prd])).toBe(prd);
    expect(
      resolveSliEnvironment(
        new ConfigReader({
          meshport: { aws: { sliCollector: { environment: 'dev' } } },
        }),
        [dev, prd],
      ),
    ).toBe(dev);
    expect(resolveSliEnvironment(new ConfigReader({}), [])).toBeUndefined();
  });
});
