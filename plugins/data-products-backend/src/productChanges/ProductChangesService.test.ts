import { TestDatabases } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseProvisioningStore } from '../provisioning/DatabaseProvisioningStore';
import { DatabaseProductChangesStore } from './DatabaseProductChangesStore';
import { ProductChangesService } from './ProductChangesService';

jest.setTimeout(60_000);

const CHURN = 'dataproduct:default/churn';
const ORDERS = 'dataproduct:default/orders';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 10, minute));

const policy = (actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

function op(
  id: string,
  product: string,
  action: ProvisioningOperation['action'],
  details: JsonObject,
): ProvisioningOperation {
  return {
    id,
    provisioner: 'aws',
    environment: 'dev',
    dataProduct: product,
    action,
    resourceType: 'iam-managed-policy',
    resource: `arn:aws:iam::1:policy/${id}`,
    description: `${action} ${id}`,
    details,
  };
}

describe('ProductChangesService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setup(databaseId: string) {
    const knex = await databases.init(databaseId as any);
    await applyDatabaseMigrations(knex);
    const runs = new DatabaseProvisioningStore(knex);
    const service = new ProductChangesService(
      runs,
      new DatabaseProductChangesStore(knex),
    );
    async function run(
      id: string,
      minute: number,
      operations: ProvisioningOperation[],
      failedIds: string[] = [],
    ) {
      await runs.createRun({
        id,
        trigger: 'schedule',
        mode: 'apply',
        status: 'running',
        createdAt: at(minute),
      });
      await runs.addOperations(
        id,
        operations.map((operation, i) => ({
          seq: i + 1,
          operation,
          status: 'pending',
        })),
      );
      for (const operation of operations) {
        await runs.recordOperationResult(id, {
          operationId: operation.id,
          status: failedIds.includes(operation.id) ? 'failed' : 'succeeded',
          finishedAt: at(minute + 1).toISOString(),
        });
      }
      await runs.finishRun(id, {
        status: 'succeeded',
        finishedAt: at(minute + 1),
        summary: {
          operations: operations.length,
          byAction: {},
          byStatus: { succeeded: operations.length },
          problems: [],
          provisioners: [{ id: 'aws', operations: operations.length }],
        },
      });
    }
    return { service, run };
  }

  it.each(databases.eachSupportedId())(
    "shows this product's changes of its latest run with a policy diff, never another product's, %p",
    async databaseId => {
      const { service, run } = await setup(databaseId);
      const RUN1 = '00000000-0000-4000-8000-000000000001';
      const RUN2 = '00000000-0000-4000-8000-000000000002';
      await run(RUN1, 0, [
        op('churn-reader', CHURN, 'create', {
          document: policy(['s3:GetObject']),
        }),
        op('churn-old', CHURN, 'create', {
          document: policy(['glue:GetTable']),
        }),
      ]);
      // A mesh-wide run: 120 operations, 3 of them Churn's.
      await run(RUN2, 10, [
        ...Array.from({ length: 117 }, (_, i) =>
          op(`orders-${i}`, ORDERS, 'create', { document: policy(['x']) }),
        ),
        op('churn-reader', CHURN, 'update', {
          document: policy(['s3:GetObject', 's3:ListBucket']),
        }),
        op('churn-old', CHURN, 'delete', {}),
        op('churn-writer', CHURN, 'create', {
          document: policy(['s3:PutObject']),
        }),
      ]);

      const changes = await service.forProduct('DataProduct:default/Churn');
      expect(changes.run?.id).toBe(RUN2);
      expect(changes.counts).toEqual({
        create: 1,
        update: 1,
        delete: 1,
        failed: 0,
      });
      expect(changes.changes.map(c => [c.action, c.id])).toEqual([
        ['update', 'churn-reader'],
        ['delete', 'churn-old'],
        ['create', 'churn-writer'],
      ]);
      const [update, deleted, created] = changes.changes;
      expect(
        update.diff!.filter(l => l.kind === 'added').map(l => l.text.trim()),
      ).toEqual(['"s3:GetObject",', '"s3:ListBucket"']);
      expect(update.previousUnknown).toBeUndefined();
      expect(deleted.diff!.every(l => l.kind === 'removed')).toBe(true);
      expect(deleted.diff!.map(l => l.text).join('')).toContain(
        'glue:GetTable',
      );
      expect(created.diff!.every(l => l.kind === 'added')).toBe(true);

      const orders = await service.forProduct(ORDERS);
      expect(orders.counts).toEqual({
        create: 117,
        update: 0,
        delete: 0,
        failed: 0,
      });
      expect(orders.changes.every(c => c.dataProduct === ORDERS)).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'says when an update has no recorded previous state, and answers an untouched product with nothing, %p',
    async databaseId => {
      const { service, run } = await setup(databaseId);
      await run('00000000-0000-4000-8000-000000000003', 0, [
        op('churn-reader', CHURN, 'update', { document: policy(['a']) }),
      ]);
      const changes = await service.forProduct(CHURN);
      expect(changes.changes[0].previousUnknown).toBe(true);
      expect(changes.changes[0].diff!.every(l => l.kind === 'added')).toBe(
        true,
      );

      expect(await service.forProduct('dataproduct:default/none')).toEqual({
        entityRef: 'dataproduct:default/none',
        counts: { create: 0, update: 0, delete: 0, failed: 0 },
        changes: [],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    "counts what each run changed for this product, in the order asked, never the mesh's count, %p",
    async databaseId => {
      const { service, run } = await setup(databaseId);
      const RUN1 = '00000000-0000-4000-8000-000000000011';
      const RUN2 = '00000000-0000-4000-8000-000000000012';
      const OTHER = '00000000-0000-4000-8000-000000000013';
      await run(RUN1, 0, [
        op('churn-a', CHURN, 'create', {}),
        op('churn-b', CHURN, 'create', {}),
        op('orders-a', ORDERS, 'create', {}),
      ]);
      // A mesh-wide run of 120 operations: one update and one (failed) delete of Churn's.
      await run(
        RUN2,
        10,
        [
          ...Array.from({ length: 118 }, (_, i) =>
            op(`orders-${i}`, ORDERS, 'update', {}),
          ),
          op('churn-a', CHURN, 'update', {}),
          op('churn-b', CHURN, 'delete', {}),
        ],
        ['churn-b'],
      );
      await run(OTHER, 20, [op('orders-z', ORDERS, 'delete', {})]);

      const counted = await service.countsByRun('DataProduct:default/Churn', [
        RUN2,
        OTHER,
        RUN1,
      ]);
      expect(counted).toEqual({
        entityRef: 'DataProduct:default/Churn',
        runs: [
          {
            runId: RUN2,
            counts: { create: 0, update: 1, delete: 1, failed: 1 },
          },
          {
            runId: OTHER,
            counts: { create: 0, update: 0, delete: 0, failed: 0 },
          },
          {
            runId: RUN1,
            counts: { create: 2, update: 0, delete: 0, failed: 0 },
          },
        ],
      });
      expect(
        (await service.countsByRun(ORDERS, [RUN2])).runs[0].counts,
      ).toEqual({ create: 0, update: 118, delete: 0, failed: 0 });
    },
  );
});
