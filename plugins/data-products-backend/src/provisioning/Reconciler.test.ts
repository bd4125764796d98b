import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ProvisioningMode } from '@meshport/plugin-data-products-common';
import type {
  Grant,
  ProvisioningInput,
} from '@meshport/plugin-data-products-node';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseProvisioningStore } from './DatabaseProvisioningStore';
import { FakeProvisioner } from '../testing/FakeProvisioner';
import { dataProduct, dataset, testEnvironments } from '../testing/entities';
import { StaticGrantsSource } from './GrantsSource';
import { ProvisioningInputSource } from './input';
import { Reconciler } from './Reconciler';

jest.setTimeout(30_000);

const CHURN = 'dataproduct:default/churn';
const ORDERS = 'dataproduct:default/orders';

const churnGrant: Grant = {
  id: 'g1',
  consumer: CHURN,
  dataset: 'dataset:default/orders-daily',
  environments: ['dev'],
};

describe('Reconciler', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  let entities: Entity[];
  let clock: Date;

  beforeEach(() => {
    entities = [
      dataProduct('churn', {
        inputPorts: [{ dataset: 'orders-daily', purpose: 'churn model' }],
      }),
      dataProduct('orders'),
      dataset('orders-daily', 'orders'),
    ];
    clock = new Date('2026-11-21T10:00:00.000Z');
  });

  async function setup(
    options: {
      mode?: ProvisioningMode;
      provisioners?: FakeProvisioner[];
      grants?: Grant[];
      requestProcessing?: () => Promise<void>;
    } = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = new DatabaseProvisioningStore(knex);
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn(async () => ({ items: entities })),
    });
    const provisioners = options.provisioners ?? [new FakeProvisioner()];
    const inputSource = new ProvisioningInputSource({
      catalog,
      auth: mockServices.auth(),
      environments: testEnvironments,
      grantsSource: new StaticGrantsSource(options.grants),
    });
    const reconciler = new Reconciler({
      store,
      provisioners,
      inputSource,
      mode: options.mode ?? 'plan',
      logger: mockServices.logger.mock(),
      fullReconcileIntervalMs: 30 * 60_000,
      requestProcessing: options.requestProcessing,
      now: () => {
        // Every read of the clock moves it on, so runs have distinct times.
        clock = new Date(clock.getTime() + 1000);
        return clock;
      },
    });
    return { store, reconciler, provisioner: provisioners[0], catalog };
  }

  describe('planning', () => {
    it('plans the mesh once while its input is unchanged, and again when it changes', async () => {
      const { reconciler, provisioner } = await setup();
      const plans = () => provisioner.calls.filter(c => c === 'plan').length;

      const first = await reconciler.plan(
        provisioner,
        (
          await reconciler.gatherInput()
        ).input,
      );
      const again = await reconciler.plan(
        provisioner,
        (
          await reconciler.gatherInput()
        ).input,
      );
      expect(again).toBe(first);
      expect(plans()).toBe(1);

      entities.push(dataProduct('finance'));
      const changed = await reconciler.plan(
        provisioner,
        (
          await reconciler.gatherInput()
        ).input,
      );
      expect(plans()).toBe(2);
      expect(JSON.stringify(changed.desired)).toContain('finance');
      expect(JSON.stringify(first.desired)).not.toContain('finance');
    });
  });

  describe('in plan mode', () => {
    it('records planned operations without ever touching the platform', async () => {
      const { reconciler, provisioner, store } = await setup();

      const run = await reconciler.run({ trigger: 'manual' });

      expect(run).toMatchObject({
        trigger: 'manual',
        mode: 'plan',
        status: 'succeeded',
        summary: {
          operations: 4,
          byAction: { create: 4 },
          byStatus: { planned: 4 },
          provisioners: [{ id: 'fake', operations: 4 }],
        },
      });
      // The first plan compares with an empty mesh, planned once for that.
      expect(provisioner.calls).toEqual(['plan', 'plan']);
      const operations = await store.listOperations(run.id);
      expect(
        operations.map(op => [op.seq, op.action, op.resource, op.status]),
      ).toEqual([
        [1, 'create', `role:dev:${CHURN}`, 'planned'],
        [2, 'create', `role:prd:${CHURN}`, 'planned'],
        [3, 'create', `role:dev:${ORDERS}`, 'planned'],
        [4, 'create', `role:prd:${ORDERS}`, 'planned'],
      ]);
      expect(run.summary?.problems).toEqual([
        {
          severity: 'warning',
          provisioner: 'fake',
          dataProduct: CHURN,
          message: `${CHURN} has no grant on dataset:default/orders-daily`,
        },
      ]);
    });

    it('records nothing the second time when nothing changed', async () => {
      const { reconciler, provisioner, store } = await setup();
      await reconciler.run({ trigger: 'manual' });

      const second = await reconciler.run({ trigger: 'schedule' });

      expect(second.status).toBe('succeeded');
      expect(second.summary?.operations).toBe(0);
      expect(await store.listOperations(second.id)).toEqual([]);
      expect(provisioner.calls).not.toContain('readActualState');
      expect(provisioner.calls).not.toContain('apply');
    });

    it('records only what changed since the last plan', async () => {
      const grants: Grant[] = [];
      // The grants source reads the list on every run: a new grant shows.
      const { reconciler, store } = await setup({ grants });
      await reconciler.run({ trigger: 'manual' });
      grants.push(churnGrant);
      entities = entities.filter(e => e.metadata.name !== 'orders');

      const run = await reconciler.run({ trigger: 'grant-change' });

      const operations = await store.listOperations(run.id);
      expect(operations.map(op => [op.action, op.resource])).toEqual([
        ['update', `role:dev:${CHURN}`],
        ['delete', `role:dev:${ORDERS}`],
        ['delete', `role:prd:${ORDERS}`],
      ]);
      expect(operations[0].details).toEqual({
        reads: ['dataset:default/orders-daily'],
      });
    });

    it('records the plan but no operations for a provisioner without assumeApplied', async () => {
      const provisioner = new FakeProvisioner({ withoutAssumeApplied: true });
      const { reconciler, store } = await setup({
        provisioners: [provisioner],
      });

      const run = await reconciler.run({ trigger: 'manual' });

      expect(run.status).toBe('succeeded');
      expect(run.summary?.operations).toBe(0);
      expect(run.summary?.problems).toContainEqual(
        expect.objectContaining({
          severity: 'warning',
          provisioner: 'fake',
          message: expect.stringContaining('no assumeApplied'),
        }),
      );
      expect((await store.getSnapshot('fake'))?.plan.desired).toMatchObject({
        resources: expect.arrayContaining([
          expect.objectContaining({ id: `role:dev:${CHURN}` }),
        ]),
      });
    });

    it('starts afresh when the last recorded plan can no longer be read', async () => {
      const { reconciler, store } = await setup();
      // e.g. written by an older version of the provisioner
      await store.saveSnapshot({
        provisioner: 'fake',
        plan: { provisioner: 'fake', desired: { roles: 'old' }, problems: [] },
        inputFingerprint: 'old',
        updatedAt: new Date('2026-01-01T00:00:00.000Z'),
      });

      const run = await reconciler.run({ trigger: 'manual' });

      expect(run.status).toBe('succeeded');
      expect(run.summary?.byAction).toEqual({ create: 4 });
      expect(run.summary?.problems).toContainEqual(
        expect.objectContaining({
          severity: 'warning',
          message: expect.stringContaining(
            'The last recorded plan of fake could not be compared',
          ),
        }),
      );
      const second = await reconciler.run({ trigger: 'manual' });
      expect(second.summary?.operations).toBe(0);
    });

    it('marks the run partial when the plan has errors', async () => {
      entities.push(dataProduct('broken-one'));
      const { reconciler } = await setup();

      const run = await reconciler.run({ trigger: 'manual' });

      expect(run.status).toBe('partial');
      expect(run.summary?.problems).toContainEqual({
        severity: 'error',
        provisioner: 'fake',
        dataProduct: 'dataproduct:default/broken-one',
        message: 'dataproduct:default/broken-one cannot be planned',
      });
    });

    it('leaves invalid entities out with a warning', async () => {
      entities.push({
        ...dataProduct('no-owner'),
        spec: { domain: 'sales' },
      } as Entity);
      const { reconciler, store } = await setup();

      const run = await reconciler.run({ trigger: 'manual' });

      expect(run.status).toBe('succeeded');
      expect(run.summary?.problems).toContainEqual(
        expect.objectContaining({
          severity: 'warning',
          dataProduct: 'dataproduct:default/no-owner',
          message: expect.stringContaining('spec.owner: is required'),
        }),
      );
      const resources = (await store.listOperations(run.id)).map(
        op => op.resource,
      );
      expect(resources).not.toContain('role:dev:dataproduct:default/no-owner');
    });
  });

  describe('in apply mode', () => {
    it('records the problems the provisioner found while reading the platform', async () => {
      const problem = {
        severity: 'error' as const,
        environment: 'prd',
        message:
          'Environment prd is account 222222222222, but its credentials are of account 111111111111',
      };
      const provisioner = Object.assign(new FakeProvisioner(), {
        problemsOf: () => [problem],
      });
      const { reconciler } = await setup({
        mode: 'apply',
        provisioners: [provisioner],
      });
      const run = await reconciler.run({ trigger: 'manual' });
      expect(run.summary?.problems).toContainEqual({
        ...problem,
        provisioner: 'fake',
      });
    });

    it('applies the difference and stores each result in order', async () => {
      const { reconciler, provisioner, store } = await setup({ mode: 'apply' });
      provisioner.platform = {
        resources: [
          {
            id: 'role:dev:dataproduct:default/gone',
            environment: 'dev',
            dataProduct: 'dataproduct:default/gone',
            reads: [],
          },
        ],
      };

      const run = await reconciler.run({ trigger: 'manual' });

      expect(provisioner.calls).toEqual(['plan', 'readActualState', 'apply']);
      expect(run).toMatchObject({
        mode: 'apply',
        status: 'succeeded',
        summary: {
          operations: 5,
          byAction: { create: 4, delete: 1 },
          byStatus: { succeeded: 5 },
        },
      });
      const operations = await store.listOperations(run.id);
      expect(operations.map(op => [op.seq, op.action, op.status])).toEqual([
        [1, 'create', 'succeeded'],
        [2, 'create', 'succeeded'],
        [3, 'create', 'succeeded'],
        [4, 'create', 'succeeded'],
        [5, 'delete', 'succeeded'],
      ]);
      expect(operations.every(op => op.finishedAt)).toBe(true);
      expect(provisioner.platform.resources.map(r => r.id).sort()).toEqual([
        `role:dev:${CHURN}`,
        `role:dev:${ORDERS}`,
        `role:prd:${CHURN}`,
        `role:prd:${ORDERS}`,
      ]);

      // Declarative in, idempotent out.
      const second = await reconciler.run({ trigger: 'schedule' });
      expect(second.summary?.operations).toBe(0);
      expect(provisioner.applied).toHaveLength(1);
    });

    it('stores each result as soon as the provisioner reports it', async () => {
      const { reconciler, provisioner, store } = await setup({ mode: 'apply' });
      const seen: string[][] = [];
      const apply = provisioner.apply.bind(provisioner);
      provisioner.apply = async (operations, options) =>
        apply(operations, {
          ...options,
          onResult: async result => {
            await options?.onResult?.(result);
            const runs = await store.listRuns({ limit: 1, offset: 0 });
            const stored = await store.listOperations(runs.items[0].id);
            seen.push(stored.map(op => op.status));
          },
        });

      await reconciler.run({ trigger: 'manual' });

      expect(seen[0]).toEqual(['succeeded', 'pending', 'pending', 'pending']);
      expect(seen[3]).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
    });

    it('marks the run partial and keeps the error when an operation fails', async () => {
      const failing = `fake:prd:create:role:role:prd:${CHURN}`;
      const provisioner = new FakeProvisioner({ failingOperations: [failing] });
      const { reconciler, store } = await setup({
        mode: 'apply',
        provisioners: [provisioner],
      });

      const run = await reconciler.run({ trigger: 'manual' });

      expect(run.status).toBe('partial');
      expect(run.summary?.byStatus).toEqual({ succeeded: 3, failed: 1 });
      const operations = await store.listOperations(run.id);
      expect(operations.find(op => op.id === failing)).toMatchObject({
        status: 'failed',
        error: 'AccessDenied: not allowed',
      });
    });

    it('marks the run failed with the error when a provisioner throws', async () => {
      const provisioner = new FakeProvisioner({ throwIn: 'readActualState' });
      const { reconciler, store } = await setup({
        mode: 'apply',
        provisioners: [provisioner],
      });

      const run = await reconciler.run({ trigger: 'manual' });

      expect(run.status).toBe('failed');
      expect(run.error).toBe('fake: cannot reach the platform');
      expect(run.summary?.provisioners).toEqual([
        { id: 'fake', operations: 0, error: 'cannot reach the platform' },
      ]);
      expect(run.finishedAt).toBeDefined();
      // A failed run does not move the snapshot.
      expect(await store.getSnapshot('fake')).toBeUndefined();
    });

    it('skips the operations an exploding apply never reported', async () => {
      const provisioner = new FakeProvisioner({ throwIn: 'apply' });
      const { reconciler, store } = await setup({
        mode: 'apply',
        provisioners: [provisioner],
      });

      const run = await reconciler.run({ trigger: 'manual' });

      expect(run.status).toBe('failed');
      expect(run.summary?.byStatus).toEqual({ skipped: 4 });
      const [first] = await store.listOperations(run.id);
      expect(first).toMatchObject({
        status: 'skipped',
        error: 'Not applied: the provisioner failed (apply exploded)',
      });
    });
  });

  describe('scoped runs', () => {
    it('record and apply only the scope, planning with the whole input', async () => {
      const { reconciler, provisioner, store } = await setup({
        mode: 'apply',
        grants: [churnGrant],
      });

      const run = await reconciler.run({
        trigger: 'grant-change',
        scope: { dataProducts: ['DataProduct:default/Churn'] },
      });

      const operations = await store.listOperations(run.id);
      expect(operations.map(op => op.resource)).toEqual([
        `role:dev:${CHURN}`,
        `role:prd:${CHURN}`,
      ]);
      expect(provisioner.applied[0].map(op => op.dataProduct)).toEqual([
        CHURN,
        CHURN,
      ]);
      expect(provisioner.readScopes).toEqual([
        { dataProducts: ['DataProduct:default/Churn'] },
      ]);
      // The grant on another product's dataset needed the whole input.
      expect(operations[0].details).toEqual({
        reads: ['dataset:default/orders-daily'],
      });
      // Another product's problems are not this run's.
      expect(run.summary?.problems).toEqual([]);
      // The snapshot keeps describing the whole mesh.
      expect(await store.getSnapshot('fake')).toBeUndefined();
      expect(await store.getRunProducts(run.id)).toEqual([CHURN]);
    });
  });

  describe('run-finished listeners', () => {
    it('tell which grants a finished run included, and a failing listener never fails the run', async () => {
      const { reconciler } = await setup({ grants: [churnGrant] });
      const events: Array<{ status: string; grantIds: string[] }> = [];
      reconciler.onRunFinished(async () => {
        throw new Error('listener bug');
      });
      reconciler.onRunFinished(async event => {
        events.push({ status: event.run.status, grantIds: event.grantIds });
      });

      const run = await reconciler.run({
        trigger: 'grant-change',
        scope: { dataProducts: [CHURN] },
      });

      expect(run.status).toBe('succeeded');
      expect(events).toEqual([{ status: 'succeeded', grantIds: ['g1'] }]);
    });

    it('tell which grants the platform does not hold after an apply, and ask nothing in plan mode', async () => {
      const asked: string[][] = [];
      const provisioner = Object.assign(new FakeProvisioner(), {
        grantsNotHeld: async (_plan: unknown, input: ProvisioningInput) => {
          asked.push(input.grants.map(g => g.id));
          return ['g1'];
        },
      });
      const events: Array<string[] | undefined> = [];
      for (const mode of ['plan', 'apply'] as const) {
        const { reconciler } = await setup({
          mode,
          grants: [churnGrant],
          provisioners: [provisioner],
        });
        reconciler.onRunFinished(async event => {
          events.push(event.grantIdsNotHeld);
        });
        await reconciler.run({ trigger: 'manual' });
      }
      expect(asked).toEqual([['g1']]);
      expect(events).toEqual([undefined, ['g1']]);
    });

    it('shows none of the grants held when the check fails, with a warning', async () => {
      const provisioner = Object.assign(new FakeProvisioner(), {
        grantsNotHeld: async () => {
          throw new Error('Lake Formation is down');
        },
      });
      const { reconciler } = await setup({
        mode: 'apply',
        grants: [churnGrant],
        provisioners: [provisioner],
      });
      const events: Array<string[] | undefined> = [];
      reconciler.onRunFinished(async event => {
        events.push(event.grantIdsNotHeld);
      });
      const run = await reconciler.run({ trigger: 'manual' });
      expect(events).toEqual([['g1']]);
      expect(run.summary?.problems).toContainEqual(
        expect.objectContaining({
          severity: 'warning',
          message: expect.stringContaining('Lake Formation is down'),
        }),
      );
    });
  });

  describe('queue, schedule and change detection', () => {
    it('queues triggered runs and asks for them to be processed', async () => {
      const requestProcessing = jest.fn(async () => {});
      const { reconciler, store } = await setup({ requestProcessing });

      const queued = await reconciler.trigger({
        reason: 'grant-change',
        dataProducts: [CHURN],
      });

      expect(queued).toMatchObject({
        status: 'queued',
        trigger: 'grant-change',
        scope: { dataProducts: [CHURN] },
      });
      expect(requestProcessing).toHaveBeenCalledTimes(1);

      const processed = await reconciler.processQueue();
      expect(processed.map(run => [run.id, run.status])).toEqual([
        [queued.id, 'succeeded'],
      ]);
      expect((await store.getRun(queued.id))?.startedAt).toBeDefined();
    });

    it('keeps the run queued when the task cannot be started now', async () => {
      const { reconciler, store } = await setup({
        requestProcessing: async () => {
          throw new Error('Task data-products-reconcile is currently running');
        },
      });

      const queued = await reconciler.trigger({ reason: 'manual' });

      expect((await store.getRun(queued.id))?.status).toBe('queued');
      expect((await store.getNextQueuedRun())?.id).toBe(queued.id);
    });

    it('queues a run only when the input changed since the last whole-mesh run', async () => {
      const requestProcessing = jest.fn(async () => {});
      const { reconciler, store } = await setup({ requestProcessing });

      const first = await reconciler.detectChanges();
      expect(first).toMatchObject({ trigger: 'startup', status: 'queued' });
      // Already queued: no second one, but a nudge for the queue.
      expect(await reconciler.detectChanges()).toBeUndefined();
      await reconciler.processQueue();

      expect(await reconciler.detectChanges()).toBeUndefined();
      expect((await store.listRuns({ limit: 10, offset: 0 })).totalCount).toBe(
        1,
      );

      // Order does not matter, content does.
      entities.reverse();
      expect(await reconciler.detectChanges()).toBeUndefined();

      entities.push(dataProduct('newcomer'));
      expect(await reconciler.detectChanges()).toMatchObject({
        trigger: 'catalog-change',
      });
    });

    it('runs a whole-mesh reconcile on schedule only when it is due', async () => {
      const { reconciler, store } = await setup();

      await reconciler.reconcileOnSchedule();
      await reconciler.reconcileOnSchedule();

      const runs = await store.listRuns({ limit: 10, offset: 0 });
      expect(runs.items.map(run => [run.trigger, run.status])).toEqual([
        ['schedule', 'succeeded'],
      ]);

      clock = new Date(clock.getTime() + 30 * 60_000);
      await reconciler.reconcileOnSchedule();
      expect((await store.listRuns({ limit: 10, offset: 0 })).totalCount).toBe(
        2,
      );
    });

    it('processes the queue on schedule and closes runs a stopped process left running', async () => {
      const { reconciler, store } = await setup();
      const stale = await store.createRun({
        id: '00000000-0000-4000-8000-000000000001',
        trigger: 'schedule',
        mode: 'plan',
        status: 'running',
        createdAt: new Date('2026-11-21T09:00:00.000Z'),
      });
      const queued = await reconciler.trigger({
        reason: 'manual',
        dataProducts: [ORDERS],
      });

      await reconciler.reconcileOnSchedule();

      expect(await store.getRun(stale.id)).toMatchObject({
        status: 'failed',
        error: 'Interrupted: the backend stopped before the run finished',
      });
      expect((await store.getRun(queued.id))?.status).toBe('succeeded');
    });

    it('never runs two runs at once in one process', async () => {
      const provisioner = new FakeProvisioner();
      let active = 0;
      let maxActive = 0;
      const plan = provisioner.plan.bind(provisioner);
      provisioner.plan = async input => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise(resolve => setTimeout(resolve, 20));
        active -= 1;
        return plan(input);
      };
      const { reconciler } = await setup({ provisioners: [provisioner] });

      const runs = await Promise.all([
        reconciler.run({ trigger: 'manual' }),
        reconciler.run({ trigger: 'manual' }),
        reconciler.run({ trigger: 'manual' }),
      ]);

      expect(maxActive).toBe(1);
      expect(runs.map(run => run.summary?.operations)).toEqual([4, 0, 0]);
    });
  });
});
