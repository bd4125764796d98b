import { TestDatabases } from '@backstage/backend-test-utils';
import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseProvisioningStore } from './DatabaseProvisioningStore';

jest.setTimeout(60_000);

const CHURN = 'dataproduct:default/churn';
const ORDERS = 'dataproduct:default/orders';

function operation(
  id: string,
  overrides: Partial<ProvisioningOperation> = {},
): ProvisioningOperation {
  return {
    id,
    provisioner: 'fake',
    environment: 'dev',
    dataProduct: CHURN,
    action: 'create',
    resourceType: 'role',
    resource: id,
    description: `Create ${id}`,
    details: { policy: { Statement: [{ Effect: 'Allow' }] } },
    ...overrides,
  };
}

const at = (minute: number) =>
  new Date(Date.UTC(2026, 10, 21, 10, minute, 0, 250));

describe('DatabaseProvisioningStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore(databaseId: string) {
    const knex: Knex = await databases.init(databaseId as any);
    await applyDatabaseMigrations(knex);
    return { knex, store: new DatabaseProvisioningStore(knex) };
  }

  it.each(databases.eachSupportedId())(
    'creates, claims and finishes runs with their JSON intact, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);

      const queued = await store.createRun({
        id: '00000000-0000-4000-8000-000000000001',
        trigger: 'manual',
        mode: 'plan',
        status: 'queued',
        scope: { dataProducts: ['DataProduct:default/Churn'] },
        requestedBy: 'user:default/alice',
        createdAt: at(0),
      });
      expect(queued).toEqual({
        id: '00000000-0000-4000-8000-000000000001',
        trigger: 'manual',
        mode: 'plan',
        status: 'queued',
        scope: { dataProducts: ['DataProduct:default/Churn'] },
        requestedBy: 'user:default/alice',
        createdAt: '2026-11-21T10:00:00.250Z',
      });
      expect(await store.getRun(queued.id)).toEqual(queued);
      expect(await store.getRunProducts(queued.id)).toEqual([CHURN]);

      expect(await store.claimRun(queued.id, at(1))).toBe(true);
      // A second replica loses the race.
      expect(await store.claimRun(queued.id, at(1))).toBe(false);

      await store.setRunInputFingerprint(queued.id, 'abc');
      const summary = {
        operations: 1,
        byAction: { create: 1 },
        byStatus: { planned: 1 },
        problems: [
          { severity: 'warning' as const, provisioner: 'fake', message: 'x' },
        ],
        provisioners: [{ id: 'fake', operations: 1 }],
      };
      await store.finishRun(queued.id, {
        status: 'partial',
        finishedAt: at(2),
        summary,
        error: 'one failed',
      });

      expect(await store.getRun(queued.id)).toEqual({
        ...queued,
        status: 'partial',
        startedAt: '2026-11-21T10:01:00.250Z',
        finishedAt: '2026-11-21T10:02:00.250Z',
        summary,
        error: 'one failed',
        inputFingerprint: 'abc',
      });
      expect(await store.getRun('00000000-0000-4000-8000-00000000ffff')).toBe(
        undefined,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'stores operations in order and records their results, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const run = await store.createRun({
        id: '00000000-0000-4000-8000-000000000002',
        trigger: 'schedule',
        mode: 'apply',
        status: 'running',
        createdAt: at(0),
      });
      expect(run.startedAt).toBe('2026-11-21T10:00:00.250Z');
      expect(run.scope).toBeUndefined();

      // More than one insert chunk.
      const many = Array.from({ length: 450 }, (_, i) =>
        operation(`op-${String(i).padStart(3, '0')}`, {
          dataProduct: i % 2 ? ORDERS : CHURN,
        }),
      );
      await store.addOperations(
        run.id,
        many.map((op, i) => ({ seq: i + 1, operation: op, status: 'pending' })),
      );
      await store.recordOperationResult(run.id, {
        operationId: 'op-001',
        status: 'failed',
        error: 'AccessDenied',
        finishedAt: '2026-11-21T10:05:00.000Z',
      });

      const operations = await store.listOperations(run.id);
      expect(operations).toHaveLength(450);
      expect(operations.map(op => op.seq)).toEqual(
        Array.from({ length: 450 }, (_, i) => i + 1),
      );
      expect(operations[0]).toEqual({
        seq: 1,
        id: 'op-000',
        provisioner: 'fake',
        environment: 'dev',
        dataProduct: CHURN,
        action: 'create',
        resourceType: 'role',
        resource: 'op-000',
        description: 'Create op-000',
        details: { policy: { Statement: [{ Effect: 'Allow' }] } },
        status: 'pending',
      });
      expect(operations[1]).toMatchObject({
        id: 'op-001',
        status: 'failed',
        error: 'AccessDenied',
        finishedAt: '2026-11-21T10:05:00.000Z',
      });
      // The products a whole-mesh run changed are listed with it.
      expect(await store.getRunProducts(run.id)).toEqual([CHURN, ORDERS]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists runs newest first, by product and status, with a total count, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const ids = [1, 2, 3, 4].map(
        n => `00000000-0000-4000-8000-00000000000${n}`,
      );
      await store.createRun({
        id: ids[0],
        trigger: 'schedule',
        mode: 'plan',
        status: 'running',
        createdAt: at(0),
      });
      await store.addOperations(ids[0], [
        {
          seq: 1,
          operation: operation('a', { dataProduct: ORDERS }),
          status: 'planned',
        },
      ]);
      await store.createRun({
        id: ids[1],
        trigger: 'manual',
        mode: 'plan',
        status: 'queued',
        scope: { dataProducts: [CHURN] },
        createdAt: at(1),
      });
      await store.createRun({
        id: ids[2],
        trigger: 'grant-change',
        mode: 'plan',
        status: 'queued',
        scope: { dataProducts: [CHURN, ORDERS] },
        createdAt: at(2),
      });
      await store.createRun({
        id: ids[3],
        trigger: 'schedule',
        mode: 'plan',
        status: 'queued',
        createdAt: at(3),
      });

      const all = await store.listRuns({ limit: 10, offset: 0 });
      expect(all.totalCount).toBe(4);
      expect(all.items.map(run => run.id)).toEqual([...ids].reverse());

      const page = await store.listRuns({ limit: 2, offset: 1 });
      expect(page.totalCount).toBe(4);
      expect(page.items.map(run => run.id)).toEqual([ids[2], ids[1]]);

      const orders = await store.listRuns({
        dataProduct: 'DataProduct:default/ORDERS',
        limit: 10,
        offset: 0,
      });
      expect(orders.items.map(run => run.id)).toEqual([ids[2], ids[0]]);
      expect(orders.totalCount).toBe(2);

      const queuedChurn = await store.listRuns({
        dataProduct: CHURN,
        status: 'queued',
        limit: 10,
        offset: 0,
      });
      expect(queuedChurn.items.map(run => run.id)).toEqual([ids[2], ids[1]]);

      expect((await store.getNextQueuedRun())?.id).toBe(ids[1]);
      expect((await store.findLatestRun())?.id).toBe(ids[3]);
      expect((await store.findLatestRun({ fullScope: true }))?.id).toBe(ids[3]);
      expect((await store.findLatestRun({ covering: CHURN }))?.id).toBe(ids[3]);

      expect(await store.failRunningRuns(at(9), 'interrupted')).toBe(1);
      expect(await store.getRun(ids[0])).toMatchObject({
        status: 'failed',
        error: 'interrupted',
        finishedAt: '2026-11-21T10:09:00.250Z',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one snapshot per provisioner, replaced on save, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      expect(await store.getSnapshot('fake')).toBeUndefined();

      const plan = {
        provisioner: 'fake',
        desired: { roles: [{ name: 'r1', dataProduct: CHURN }] },
        problems: [],
      };
      await store.saveSnapshot({
        provisioner: 'fake',
        plan,
        inputFingerprint: 'one',
        updatedAt: at(0),
      });
      await store.saveSnapshot({
        provisioner: 'fake',
        plan: { ...plan, desired: { roles: [] } },
        inputFingerprint: 'two',
        updatedAt: at(1),
      });

      expect(await store.getSnapshot('fake')).toEqual({
        provisioner: 'fake',
        plan: { ...plan, desired: { roles: [] } },
        inputFingerprint: 'two',
        updatedAt: '2026-11-21T10:01:00.250Z',
      });
    },
  );
});
