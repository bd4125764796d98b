import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  DataProductEntity,
  ProvisioningMode,
} from '@meshport/plugin-data-products-common';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseProvisioningStore } from '../provisioning/DatabaseProvisioningStore';
import { StaticGrantsSource } from '../provisioning/GrantsSource';
import { ProvisioningInputSource } from '../provisioning/input';
import { Reconciler } from '../provisioning/Reconciler';
import { dataProduct, dataset, testEnvironments } from '../testing/entities';
import {
  accessRequest,
  ArchivingFakeProvisioner,
  FakeAccessGrants,
  FakePipelineHook,
  FakeSloMonitoring,
} from './__testUtils__/fakes';
import { DAY_MS } from './machine';
import { DatabaseRetirementStore } from './DatabaseRetirementStore';
import { RetirementQueries } from './queries';
import { RetirementManager } from './RetirementManager';

jest.setTimeout(60_000);

const ORDERS = 'dataproduct:default/orders';
const CHURN = 'dataproduct:default/churn';
const ORDERS_DAILY = 'dataset:default/orders-daily';
const ORDERS_RAW = 'dataset:default/orders-raw';
const OWNER = 'user:default/alice';
const LOCATION = 'url:https://git.example.com/orders/catalog-info.yaml';

function withOrigin<T extends Entity>(
  entity: T,
  uid: string,
  origin: string,
): T {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      uid,
      annotations: {
        'backstage.io/managed-by-location': origin,
        'backstage.io/managed-by-origin-location': origin,
      },
    },
  };
}

describe('RetirementManager', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    options: {
      mode?: ProvisioningMode;
      /** The origin location is registered (removable) or from app-config. */
      registeredLocation?: boolean;
      grants?: FakeAccessGrants;
    } = {},
  ) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    let clock = new Date('2026-11-21T10:00:00.000Z');
    const now = () => clock;
    const origin = options.registeredLocation
      ? LOCATION
      : 'file:/portal/examples/all.yaml';
    const product = withOrigin(
      dataProduct('orders', { lifecycle: 'production' }),
      'uid-orders',
      origin,
    );
    const entities: Entity[] = [
      product,
      withOrigin(dataset('orders-daily', 'orders'), 'uid-daily', origin),
      withOrigin(dataset('orders-raw', 'orders'), 'uid-raw', origin),
      withOrigin(
        dataProduct('churn', {
          inputPorts: [{ dataset: 'orders-daily', purpose: 'churn model' }],
        }),
        'uid-churn',
        'file:/portal/examples/all.yaml',
      ),
    ];
    const catalog = catalogServiceMock({ entities });
    const removedLocations: string[] = [];
    catalog.getLocationByEntity = jest.fn(async (_ref: unknown) =>
      options.registeredLocation
        ? {
            id: 'loc-1',
            type: 'url',
            target: 'https://git.example.com/orders/catalog-info.yaml',
            entityRef: 'location:default/generated-orders',
          }
        : undefined,
    );
    catalog.removeLocationById = jest.fn(async (id: string) => {
      removedLocations.push(id);
    });
    const refreshed: string[] = [];
    catalog.refreshEntity = jest.fn(async (ref: string) => {
      refreshed.push(ref);
    });

    const provisioningStore = new DatabaseProvisioningStore(knex);
    const provisioner = new ArchivingFakeProvisioner();
    const store = new DatabaseRetirementStore(knex);
    const inputSource = new ProvisioningInputSource({
      catalog,
      auth: mockServices.auth(),
      environments: testEnvironments,
      grantsSource: new StaticGrantsSource(),
      // as in the plugin: released products are left out of provisioning
      exclusions: new RetirementQueries({
        store,
        catalog,
        auth: mockServices.auth(),
      }),
    });
    const reconciler = new Reconciler({
      store: provisioningStore,
      provisioners: [provisioner],
      inputSource,
      mode: options.mode ?? 'apply',
      logger: mockServices.logger.mock(),
      fullReconcileIntervalMs: 30 * 60_000,
      now,
    });
    // The platform holds both products' roles, as after earlier runs.
    await reconciler.run({ trigger: 'manual' });
    if ((options.mode ?? 'apply') === 'plan') {
      // plan mode diffs against the last whole-mesh plan
      expect(provisioner.platform.resources).toEqual([]);
    } else {
      expect(provisioner.platform.resources.map(r => r.id)).toEqual([
        'role:dev:dataproduct:default/orders',
        'role:prd:dataproduct:default/orders',
        'role:dev:dataproduct:default/churn',
        'role:prd:dataproduct:default/churn',
      ]);
    }

    const grants =
      options.grants ??
      new FakeAccessGrants([
        accessRequest('r1', CHURN, ORDERS_DAILY),
        accessRequest('r2', 'dataproduct:default/finance', ORDERS_RAW, {
          status: 'approved',
          requester: 'user:default/bob',
        }),
      ]);
    const slo = new FakeSloMonitoring();
    const hook = new FakePipelineHook();
    const notifications = { send: jest.fn(async () => {}) };

    function createManager() {
      const manager = new RetirementManager({
        store,
        catalog,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        notifications,
        provisioners: [provisioner],
        hooks: [hook],
        environments: testEnvironments,
        config: {
          noticePeriod: { days: 30 },
          noticePeriodMs: 30 * DAY_MS,
          maxNoticePeriod: { days: 730 },
          maxNoticePeriodMs: 730 * DAY_MS,
          scheduleFrequency: { minutes: 1 },
        },
        accessGrants: grants,
        sloMonitoring: slo,
        provisioning: {
          mode: options.mode ?? 'apply',
          trigger: async request => {
            const run = await reconciler.trigger(request);
            // the reconcile task picks it up
            await reconciler.processQueue();
            return run;
          },
          getRun: id => provisioningStore.getRun(id),
          latestRunOf: async ref =>
            (
              await provisioningStore.listRuns({
                dataProduct: ref,
                limit: 1,
                offset: 0,
              })
            ).items[0],
        },
        now,
      });
      return manager;
    }

    return {
      manager: createManager(),
      createManager,
      store,
      catalog,
      provisioner,
      grants,
      slo,
      hook,
      notifications,
      removedLocations,
      refreshed,
      product: product as DataProductEntity,
      advance(ms: number) {
        clock = new Date(clock.getTime() + ms);
      },
      now,
    };
  }

  async function startRetirement(ctx: Awaited<ReturnType<typeof setup>>) {
    return ctx.manager.start({
      product: ctx.product,
      reason: 'Replaced by orders-v2',
      sunset: new Date('2026-12-22T00:00:00.000Z'),
      actor: OWNER,
    });
  }

  it.each(databases.eachSupportedId())(
    'announces a retirement: datasets deprecated, consumers notified with the date, requests refused, %p',
    async databaseId => {
      const ctx = await setup(databaseId);
      const retirement = await startRetirement(ctx);

      expect(retirement).toMatchObject({
        dataProduct: ORDERS,
        datasets: [ORDERS_DAILY, ORDERS_RAW],
        status: 'retiring',
        sunset: '2026-12-22T00:00:00.000Z',
        previousLifecycle: 'production',
        requestedBy: OWNER,
        notifiedConsumers: [CHURN, 'dataproduct:default/finance'],
      });
      // one notification per consumer, to the product (its owners) and who asked
      expect(ctx.notifications.send).toHaveBeenCalledTimes(2);
      expect(ctx.notifications.send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: [CHURN, 'user:default/carol'],
          excludeEntityRef: OWNER,
        },
        payload: expect.objectContaining({
          title: 'orders retires on 22 December 2026',
          description:
            'churn uses orders-daily. Its access ends on 22 December 2026: Replaced by orders-v2',
          link: '/catalog/default/dataproduct/orders/retirement',
          severity: 'high',
        }),
      });
      // the catalog is asked to process the entities again (lifecycle follows)
      expect(ctx.refreshed).toEqual([ORDERS, ORDERS_DAILY, ORDERS_RAW]);

      // what access requests ask
      await expect(ctx.manager.getProductRetirementState(ORDERS)).resolves.toBe(
        'retiring',
      );
      await expect(
        ctx.manager.getDatasetRetirementState(ORDERS_RAW),
      ).resolves.toBe('retiring');
      await expect(
        ctx.manager.getDatasetRetirementState('dataset:default/other'),
      ).resolves.toBeUndefined();
      await expect(ctx.manager.listStates()).resolves.toEqual([
        {
          dataProduct: ORDERS,
          datasets: [ORDERS_DAILY, ORDERS_RAW],
          state: 'retiring',
          sunset: '2026-12-22T00:00:00.000Z',
        },
      ]);

      // the scheduler does not notify twice, nor start before the sunset
      await ctx.manager.processDue();
      expect(ctx.notifications.send).toHaveBeenCalledTimes(2);
      expect(ctx.hook.stopped).toEqual([]);

      // one active retirement per product
      await expect(startRetirement(ctx)).rejects.toThrow(
        'This data product is already being retired; cancel that retirement first',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'shows usage before confirming, and runs early only when no consumer remains, %p',
    async databaseId => {
      const ctx = await setup(databaseId);
      const retirement = await startRetirement(ctx);
      const usage = await ctx.manager.getUsage(ORDERS, retirement.datasets);
      expect(usage.consumers).toEqual([
        {
          consumer: CHURN,
          grants: [
            expect.objectContaining({
              requestId: 'r1',
              dataset: ORDERS_DAILY,
              status: 'granted',
              requester: 'user:default/carol',
            }),
          ],
        },
        {
          consumer: 'dataproduct:default/finance',
          grants: [
            expect.objectContaining({ requestId: 'r2', status: 'approved' }),
          ],
        },
      ]);
      expect(usage.lastActivity.map(a => a.source)).toEqual([
        'provisioning-run',
        'access-request',
      ]);
      // In words: no refs, trigger or status names.
      for (const activity of usage.lastActivity) {
        expect(activity.description).not.toMatch(
          /:default\/|-change|\(\w+ mode\)/,
        );
      }

      await expect(ctx.manager.confirm(retirement.id, OWNER)).rejects.toThrow(
        /2 consumers still hold access/,
      );

      // the consumers move off
      ctx.grants.requests.forEach(r => {
        r.status = 'cancelled';
      });
      const confirmed = await ctx.manager.confirm(retirement.id, OWNER);
      expect(confirmed).toMatchObject({
        status: 'running',
        confirmedBy: OWNER,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'at the sunset runs every step in order and ends retired, removing a registered location, %p',
    async databaseId => {
      const ctx = await setup(databaseId, { registeredLocation: true });
      const retirement = await startRetirement(ctx);

      ctx.advance(31 * DAY_MS);
      await ctx.manager.processDue();

      const steps = await ctx.manager.listSteps(retirement.id);
      expect(steps.map(s => [s.name, s.status, s.attempts])).toEqual([
        ['stop-pipeline', 'succeeded', 1],
        ['revoke-grants', 'succeeded', 1],
        ['archive-data', 'succeeded', 1],
        ['stop-monitoring', 'succeeded', 1],
        ['release-resources', 'succeeded', 1],
        ['remove-from-catalog', 'succeeded', 1],
      ]);
      expect(steps.map(s => s.summary)).toEqual([
        `Pipeline stopped by fake-orchestrator (paused the DAG of ${ORDERS})`,
        'Revoked 2 grants',
        'Archived 2 locations to archive storage; the originals are kept',
        'Stopped the SLO monitors of 2 datasets (their measurements are kept)',
        'Released 2 resources',
        'It and its datasets were removed from the catalog, and the repository git.example.com/orders is no longer registered; Meshport keeps its history',
      ]);

      // every consumer's grant is revoked by the system, with the reason
      expect(ctx.grants.revokeCalls).toEqual([
        {
          datasets: [ORDERS_DAILY, ORDERS_RAW],
          actor: 'system',
          note: 'orders is retired: Replaced by orders-v2',
        },
      ]);
      expect(ctx.grants.requests.map(r => r.status)).toEqual([
        'revoked',
        'revoked',
      ]);
      // and so is what the retired product itself reads
      expect(ctx.grants.consumerRevokeCalls).toEqual([
        {
          consumer: ORDERS,
          actor: 'system',
          note: 'orders is retired: Replaced by orders-v2',
        },
      ]);
      // the data is archived through the provisioner, in apply mode
      expect(ctx.provisioner.archived).toHaveLength(1);
      expect(ctx.provisioner.archived[0]).toMatchObject({
        retirementId: retirement.id,
        dataProduct: ORDERS,
        mode: 'apply',
      });
      expect(
        ctx.provisioner.archived[0].input.datasets.map(d => d.metadata.name),
      ).toEqual(['orders-daily', 'orders-raw']);
      expect([...ctx.slo.stopped]).toEqual([ORDERS_DAILY, ORDERS_RAW]);
      // its roles are gone; the other product keeps its own
      expect(ctx.provisioner.platform.resources.map(r => r.id)).toEqual([
        'role:dev:dataproduct:default/churn',
        'role:prd:dataproduct:default/churn',
      ]);
      // out of the catalog, history kept here
      expect(ctx.removedLocations).toEqual(['loc-1']);
      await expect(ctx.catalog.getEntityByRef(ORDERS)).resolves.toBeUndefined();
      await expect(
        ctx.catalog.getEntityByRef(ORDERS_DAILY),
      ).resolves.toBeUndefined();
      await expect(ctx.catalog.getEntityByRef(CHURN)).resolves.toBeDefined();

      const retired = await ctx.manager.getRetirement(retirement.id);
      expect(retired).toMatchObject({
        status: 'retired',
        catalog: { removal: 'removed', location: LOCATION },
      });
      await expect(ctx.manager.getProductRetirementState(ORDERS)).resolves.toBe(
        'retired',
      );
      await expect(ctx.manager.listExcludedProducts()).resolves.toEqual([
        ORDERS,
      ]);
      // the owners are told
      expect(ctx.notifications.send).toHaveBeenLastCalledWith({
        recipients: { type: 'entity', entityRef: ORDERS },
        payload: expect.objectContaining({ title: 'orders is retired' }),
      });
      const events = await ctx.store.listEvents(retirement.id);
      expect(events.map(e => e.type)).toEqual(
        expect.arrayContaining([
          'started',
          'notified',
          'steps-started',
          'retired',
        ]),
      );
      expect(events.filter(e => e.type === 'step-succeeded')).toHaveLength(6);
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes after a crash where it stopped, without repeating finished steps, %p',
    async databaseId => {
      const ctx = await setup(databaseId);
      const retirement = await startRetirement(ctx);
      ctx.advance(31 * DAY_MS);

      // The process dies while revoking grants: the call never returns.
      let reached!: () => void;
      const revoking = new Promise<void>(resolve => {
        reached = resolve;
      });
      ctx.grants.hangNextRevoke = new Promise<never>(() => {});
      ctx.grants.onRevokeStarted = () => reached();
      void ctx.manager.processDue();
      await revoking;
      ctx.grants.onRevokeStarted = undefined;

      const during = await ctx.store.listSteps(retirement.id);
      expect(during.map(s => [s.name, s.status, s.attempts])).toEqual([
        ['stop-pipeline', 'succeeded', 1],
        ['revoke-grants', 'running', 1],
        ['archive-data', 'pending', 0],
        ['stop-monitoring', 'pending', 0],
        ['release-resources', 'pending', 0],
        ['remove-from-catalog', 'pending', 0],
      ]);

      // A new process (another replica, or the restarted one) takes over.
      const restarted = ctx.createManager();
      ctx.advance(60_000);
      await restarted.processDue();

      const after = await ctx.store.listSteps(retirement.id);
      expect(after.map(s => [s.name, s.status, s.attempts])).toEqual([
        ['stop-pipeline', 'succeeded', 1],
        ['revoke-grants', 'succeeded', 2],
        ['archive-data', 'succeeded', 1],
        ['stop-monitoring', 'succeeded', 1],
        ['release-resources', 'succeeded', 1],
        ['remove-from-catalog', 'succeeded', 1],
      ]);
      // finished steps did not run again; the interrupted one did, idempotently
      expect(ctx.hook.stopped).toHaveLength(1);
      expect(ctx.grants.revokeCalls).toHaveLength(2);
      expect(ctx.grants.requests.every(r => r.status === 'revoked')).toBe(true);
      await expect(
        ctx.manager.getRetirement(retirement.id),
      ).resolves.toMatchObject({
        status: 'retired',
        // an app-config location cannot be removed: retained, marked retired
        catalog: {
          removal: 'retained',
          location: 'file:/portal/examples/all.yaml',
        },
      });
      await expect(ctx.catalog.getEntityByRef(ORDERS)).resolves.toBeDefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a failing step with a backoff, marks the retirement failed, and retries on confirmation, %p',
    async databaseId => {
      const ctx = await setup(databaseId);
      const retirement = await startRetirement(ctx);
      ctx.provisioner.failArchives = 6;
      ctx.advance(31 * DAY_MS);

      await ctx.manager.processDue();
      let archive = (await ctx.store.listSteps(retirement.id))[2];
      expect(archive).toMatchObject({
        name: 'archive-data',
        status: 'failed',
        attempts: 1,
        error:
          'fake: Copy orders-daily to the archive: AccessDenied: s3:PutObject; fake: Copy orders-raw to the archive: AccessDenied: s3:PutObject',
      });

      // before the backoff nothing happens; after it, another attempt
      await ctx.manager.processDue();
      expect(ctx.provisioner.archived).toHaveLength(1);
      for (let attempt = 2; attempt <= 5; attempt++) {
        ctx.advance(61 * 60_000);
        await ctx.manager.processDue();
      }
      expect(ctx.provisioner.archived).toHaveLength(5);
      await expect(
        ctx.manager.getRetirement(retirement.id),
      ).resolves.toMatchObject({ status: 'failed' });
      expect(ctx.notifications.send).toHaveBeenLastCalledWith({
        recipients: { type: 'entity', entityRef: ORDERS },
        payload: expect.objectContaining({
          title: 'Retirement of orders is stuck',
          description:
            'The step "Archive the data" failed 5 times. Open the Retirement tab to see the error and retry.',
          severity: 'high',
        }),
      });
      // cannot be cancelled any more
      await expect(ctx.manager.cancel(retirement.id, OWNER)).rejects.toThrow(
        "The retirement steps have started (“Stop the pipeline”, “Revoke every consumer's access”, “Archive the data”); it can no longer be cancelled",
      );

      // the owner fixes the bucket policy and retries
      ctx.provisioner.failArchives = 0;
      await ctx.manager.confirm(retirement.id, OWNER);
      await ctx.manager.processDue();
      archive = (await ctx.store.listSteps(retirement.id))[2];
      expect(archive).toMatchObject({ status: 'succeeded', attempts: 1 });
      await expect(
        ctx.manager.getRetirement(retirement.id),
      ).resolves.toMatchObject({ status: 'retired' });
    },
  );

  it.each(databases.eachSupportedId())(
    'cancels before the sunset and restores the previous state, %p',
    async databaseId => {
      const ctx = await setup(databaseId);
      const retirement = await startRetirement(ctx);
      ctx.refreshed.length = 0;

      const cancelled = await ctx.manager.cancel(
        retirement.id,
        OWNER,
        'Consumers still need it',
      );
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        cancelledBy: OWNER,
        cancelNote: 'Consumers still need it',
      });
      // requests are allowed again, monitors on, lifecycle back, consumers told
      await expect(
        ctx.manager.getDatasetRetirementState(ORDERS_DAILY),
      ).resolves.toBeUndefined();
      await expect(ctx.manager.listStates()).resolves.toEqual([]);
      expect(ctx.slo.calls).toEqual([`resume ${ORDERS_DAILY},${ORDERS_RAW}`]);
      expect(ctx.refreshed).toEqual([ORDERS, ORDERS_DAILY, ORDERS_RAW]);
      expect(ctx.notifications.send).toHaveBeenLastCalledWith({
        recipients: {
          type: 'entity',
          entityRef: [CHURN, 'dataproduct:default/finance'],
          excludeEntityRef: OWNER,
        },
        payload: expect.objectContaining({
          title: 'The retirement of orders is cancelled',
        }),
      });
      // nothing ran at the sunset
      ctx.advance(31 * DAY_MS);
      await ctx.manager.processDue();
      expect(ctx.hook.stopped).toEqual([]);
      expect(ctx.grants.revokeCalls).toEqual([]);
      // and a new retirement can start
      ctx.advance(-31 * DAY_MS);
      await expect(startRetirement(ctx)).resolves.toMatchObject({
        status: 'retiring',
      });
      await expect(ctx.manager.cancel(retirement.id, OWNER)).rejects.toThrow(
        'The retirement is already cancelled',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'in plan mode records the archive and the release as planned, changing nothing, %p',
    async databaseId => {
      const ctx = await setup(databaseId, {
        mode: 'plan',
        grants: new FakeAccessGrants([]),
      });
      const retirement = await startRetirement(ctx);
      await ctx.manager.confirm(retirement.id, OWNER);
      await ctx.manager.processDue();
      const steps = await ctx.store.listSteps(retirement.id);
      expect(steps[2].summary).toBe(
        'Planned 2 archive operations (plan mode: nothing was copied)',
      );
      expect(steps[4].summary).toBe(
        'Planned the release of 2 resources (plan mode: nothing was changed)',
      );
      // The run is linked by its date, from the step's result.
      expect(steps[4].result).toMatchObject({
        runId: expect.any(String),
        runCreatedAt: expect.stringMatching(/^\d{4}-/),
      });
      expect(ctx.provisioner.calls).not.toContain('apply');
      await expect(
        ctx.manager.getRetirement(retirement.id),
      ).resolves.toMatchObject({ status: 'retired' });
    },
  );
});
