import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { ProvisioningRun } from '@meshport/plugin-data-products-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import type { RetirementStatusService } from '../features';
import { dataProduct, dataset } from '../testing/entities';
import { AccessRequestsService } from './AccessRequestsService';
import { DEFAULT_ACCESS_REQUESTS_CONFIG } from './config';
import {
  DatabaseAccessRequestStore,
  DuplicateOpenRequestError,
} from './DatabaseAccessRequestStore';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CHURN = 'dataproduct:default/churn';
const ORDERS = 'dataproduct:default/orders';
const DAILY = 'dataset:default/orders-daily';
const MONTHLY = 'dataset:default/orders-monthly';

const churn = dataProduct('churn', { owner: 'team-sales' });
const crm = dataProduct('crm', { owner: 'team-sales' });
const daily = dataset('orders-daily', 'orders', { owner: 'team-finance' });
const monthly = dataset('orders-monthly', 'orders', { owner: 'team-finance' });

function run(overrides: Partial<ProvisioningRun> = {}): ProvisioningRun {
  return {
    id: '00000000-0000-4000-8000-00000000000a',
    trigger: 'grant-change',
    mode: 'plan',
    status: 'succeeded',
    createdAt: '2026-06-01T00:00:00.000Z',
    ...overrides,
  } as ProvisioningRun;
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'AccessRequestsService, %p',
  databaseId => {
    let knex: Knex;
    let store: DatabaseAccessRequestStore;
    let triggers: Array<{ dataProducts?: string[]; requestedBy?: string }>;
    let sent: NotificationSendOptions[];
    let clock: Date;
    let retirements: Record<string, 'retiring' | 'retired'>;

    function createService() {
      const retirementStatus: RetirementStatusService = {
        getDatasetRetirementState: async ref => retirements[ref],
        getProductRetirementState: async ref => retirements[ref],
      };
      return new AccessRequestsService({
        store,
        provisioning: {
          trigger: async request => {
            triggers.push({
              dataProducts: request.dataProducts,
              requestedBy: request.requestedBy,
            });
            return run();
          },
        },
        auditor: mockServices.auditor.mock({
          createEvent: async () => ({
            success: async () => {},
            fail: async () => {},
          }),
        }),
        logger: mockServices.logger.mock(),
        config: { ...DEFAULT_ACCESS_REQUESTS_CONFIG },
        notifications: {
          send: async notification => {
            sent.push(notification);
          },
        },
        retirementStatus,
        now: () => clock,
      });
    }

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      store = new DatabaseAccessRequestStore(knex);
      triggers = [];
      sent = [];
      clock = new Date('2026-06-01T12:00:00.000Z');
      retirements = {};
    });

    async function approved(
      service: AccessRequestsService,
      options: {
        consumer?: typeof churn;
        ds?: typeof daily;
        duration?: string;
      } = {},
    ) {
      const created = await service.create({
        consumer: options.consumer ?? churn,
        dataset: options.ds ?? daily,
        environments: ['dev'],
        purpose: 'features',
        duration: options.duration,
        actor: ALICE,
      });
      const { request } = await service.approve(created, {
        actor: BOB,
        dataset: options.ds ?? daily,
      });
      return request;
    }

    it('refuses new requests for a retiring dataset or from a retired product', async () => {
      const service = createService();
      retirements[DAILY] = 'retiring';
      await expect(
        service.create({
          consumer: churn,
          dataset: daily,
          environments: ['dev'],
          purpose: 'x',
          actor: ALICE,
        }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'The dataset takes no new access requests: the dataset is being retired',
      });

      retirements = { [CHURN]: 'retired' };
      await expect(
        service.create({
          consumer: churn,
          dataset: daily,
          environments: ['dev'],
          purpose: 'x',
          actor: ALICE,
        }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'The consuming product is retired: it takes no new inputs',
      });
    });

    it('refuses to approve a pending request once its dataset is retiring', async () => {
      const service = createService();
      const created = await service.create({
        consumer: churn,
        dataset: daily,
        environments: ['dev'],
        purpose: 'x',
        actor: ALICE,
      });
      retirements[DAILY] = 'retiring';
      await expect(
        service.approve(created, { actor: BOB, dataset: daily }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'The request cannot be approved: the dataset is being retired',
      });
    });

    it('gives the reconciler only active grants within their window', async () => {
      const service = createService();
      const endless = await approved(service);
      const shortLived = await approved(service, {
        ds: monthly,
        duration: '1d',
      });
      const revoked = await approved(service, { consumer: crm });
      await service.revoke(revoked, { actor: BOB });

      expect(await store.listActiveGrants(clock)).toEqual(
        [
          {
            id: endless.grantId,
            consumer: CHURN,
            dataset: DAILY,
            environments: ['dev'],
          },
          {
            id: shortLived.grantId,
            consumer: CHURN,
            dataset: MONTHLY,
            environments: ['dev'],
            validUntil: '2026-06-02T12:00:00.000Z',
          },
        ].sort((a, b) => a.id!.localeCompare(b.id!)),
      );
      const tomorrow = new Date('2026-06-02T12:00:00.000Z');
      expect((await store.listActiveGrants(tomorrow)).map(g => g.id)).toEqual([
        endless.grantId,
      ]);
      expect(triggers).toEqual([
        { dataProducts: [CHURN], requestedBy: BOB },
        { dataProducts: [CHURN], requestedBy: BOB },
        { dataProducts: ['dataproduct:default/crm'], requestedBy: BOB },
        { dataProducts: ['dataproduct:default/crm'], requestedBy: BOB },
      ]);
    });

    describe('handleRunFinished', () => {
      it('grants what a run covered: not failed runs, not other products, not grants it did not include', async () => {
        const service = createService();
        const request = await approved(service);

        expect(
          await service.handleRunFinished({
            run: run({ status: 'failed' }),
            grantIds: [request.grantId!],
          }),
        ).toBe(0);
        expect(
          await service.handleRunFinished({
            run: run(),
            grantIds: [request.grantId!],
            dataProducts: [ORDERS],
          }),
        ).toBe(0);
        expect(
          await service.handleRunFinished({ run: run(), grantIds: ['other'] }),
        ).toBe(0);
        expect((await store.getRequest(request.id))!.status).toBe('approved');

        expect(
          await service.handleRunFinished({
            run: run(),
            grantIds: [request.grantId!],
            dataProducts: ['DataProduct:default/Churn'],
          }),
        ).toBe(1);
        expect(await store.getRequest(request.id)).toMatchObject({
          status: 'granted',
          provisioning: 'planned',
        });
        const events = await store.listEvents(request.id);
        expect(events.at(-1)).toMatchObject({
          type: 'granted',
          actor: 'system',
          fromStatus: 'approved',
          toStatus: 'granted',
        });

        // A later apply-mode run moves it from planned to applied.
        await service.handleRunFinished({
          run: run({ mode: 'apply' }),
          grantIds: [request.grantId!],
        });
        expect((await store.getRequest(request.id))!.provisioning).toBe(
          'applied',
        );
      });

      it('leaves a grant the platform does not hold yet awaiting provisioning, and grants it once held', async () => {
        const service = createService();
        const request = await approved(service);

        expect(
          await service.handleRunFinished({
            run: run({ mode: 'apply' }),
            grantIds: [request.grantId!],
            grantIdsNotHeld: [request.grantId!],
          }),
        ).toBe(0);
        expect((await store.getRequest(request.id))!.status).toBe('approved');

        expect(
          await service.handleRunFinished({
            run: run({ mode: 'apply' }),
            grantIds: [request.grantId!],
            grantIdsNotHeld: ['another-grant'],
          }),
        ).toBe(1);
        expect(await store.getRequest(request.id)).toMatchObject({
          status: 'granted',
          provisioning: 'applied',
        });
      });
    });

    describe('AccessGrantsService (for retirement)', () => {
      it('lists active requests by dataset and by consumer', async () => {
        const service = createService();
        const a = await approved(service);
        const b = await approved(service, { ds: monthly });
        await service.create({
          consumer: crm,
          dataset: daily,
          environments: ['dev'],
          purpose: 'pending',
          actor: ALICE,
        });

        expect(
          (await service.listActiveForDatasets([DAILY])).map(r => r.id),
        ).toEqual([a.id]);
        expect(
          (await service.listActiveForDatasets([DAILY, MONTHLY]))
            .map(r => r.id)
            .sort(),
        ).toEqual([a.id, b.id].sort());
        expect(
          (await service.listActiveForConsumer('DataProduct:default/churn'))
            .map(r => r.id)
            .sort(),
        ).toEqual([a.id, b.id].sort());
        const [listed] = await service.listActiveForDatasets([DAILY]);
        expect(listed).not.toHaveProperty('datasetOwner');
      });

      it('revokes active grants and closes pending requests, once', async () => {
        const service = createService();
        const active = await approved(service);
        const pending = await service.create({
          consumer: crm,
          dataset: daily,
          environments: ['dev'],
          purpose: 'pending',
          actor: ALICE,
        });
        const untouched = await approved(service, { ds: monthly });
        triggers = [];
        sent = [];

        const changed = await service.revokeAllForDatasets([DAILY], {
          actor: BOB,
          note: 'orders is being retired',
        });

        expect(changed.map(r => [r.id, r.status])).toEqual([
          [pending.id, 'denied'],
          [active.id, 'revoked'],
        ]);
        expect((await store.getRequest(untouched.id))!.status).toBe('approved');
        expect((await store.getRequest(pending.id))!.decisionNote).toBe(
          'orders is being retired',
        );
        expect(triggers).toEqual([{ dataProducts: [CHURN], requestedBy: BOB }]);
        expect(sent.map(n => n.payload.title)).toEqual([
          'Access to orders-daily denied for crm',
          'Access of churn to orders-daily revoked',
        ]);
        expect(await store.listActiveGrants(clock)).toEqual([
          expect.objectContaining({ id: untouched.grantId }),
        ]);

        expect(
          await service.revokeAllForDatasets([DAILY], {
            actor: BOB,
            note: 'again',
          }),
        ).toEqual([]);
        expect(
          (await store.listEvents(active.id)).filter(e => e.type === 'revoked'),
        ).toHaveLength(1);
      });

      it('revokes what a retired consumer reads and closes its pending requests, leaving other consumers alone', async () => {
        const service = createService();
        const input = await approved(service);
        const otherConsumer = await approved(service, {
          consumer: crm,
          ds: monthly,
        });
        const pending = await service.create({
          consumer: churn,
          dataset: monthly,
          environments: ['dev'],
          purpose: 'pending',
          actor: ALICE,
        });

        const changed = await service.revokeAllForConsumer(CHURN, {
          actor: 'system',
          note: 'churn is retired',
        });

        expect(changed.map(r => [r.id, r.status])).toEqual([
          [pending.id, 'denied'],
          [input.id, 'revoked'],
        ]);
        expect((await store.getRequest(otherConsumer.id))!.status).toBe(
          'approved',
        );
        expect(await store.listActiveGrants(clock)).toEqual([
          expect.objectContaining({ id: otherConsumer.grantId }),
        ]);
        expect(
          await service.revokeAllForConsumer(CHURN, {
            actor: 'system',
            note: 'again',
          }),
        ).toEqual([]);
      });
    });

    describe('renewals', () => {
      it('starts a new grant when the renewed one ended meanwhile, and never opens the pair twice', async () => {
        const service = createService();
        const original = await approved(service, { duration: '30d' });
        const renewal = await service.renew({
          request: original,
          dataset: daily,
          actor: ALICE,
        });
        await service.revoke(original, { actor: BOB });

        // The pair is free again for a new request (the renewal sits beside it).
        const fresh = await service.create({
          consumer: churn,
          dataset: daily,
          environments: ['dev'],
          purpose: 'again',
          actor: ALICE,
        });
        await expect(
          service.approve(renewal, { actor: BOB, dataset: daily }),
        ).rejects.toMatchObject({
          name: 'ConflictError',
          message: `${CHURN} already has an open request for ${DAILY}: decide or cancel that one first`,
        });

        await service.deny(fresh, { actor: BOB, dataset: daily });
        const { request: renewed } = await service.approve(renewal, {
          actor: BOB,
          dataset: daily,
        });
        expect(renewed.status).toBe('approved');
        expect(renewed.grantId).not.toBe(original.grantId);
        expect((await store.getRequest(original.id))!.status).toBe('revoked');
        expect((await store.listActiveGrants(clock)).map(g => g.id)).toEqual([
          renewed.grantId,
        ]);
      });
    });

    describe('the store', () => {
      it('keeps one open request per pair at the database level', async () => {
        const service = createService();
        const first = await service.create({
          consumer: churn,
          dataset: daily,
          environments: ['dev'],
          purpose: 'x',
          actor: ALICE,
        });
        await expect(
          store.insertRequest({
            request: { ...first, id: '00000000-0000-4000-8000-000000000099' },
            event: { type: 'created', actor: ALICE, at: clock },
          }),
        ).rejects.toBeInstanceOf(DuplicateOpenRequestError);
        // Closed requests free the pair, and never disappear.
        await service.cancel(first, { actor: ALICE });
        const second = await service.create({
          consumer: churn,
          dataset: daily,
          environments: ['dev'],
          purpose: 'y',
          actor: ALICE,
        });
        expect(second.id).not.toBe(first.id);
        expect(
          (await store.listRequests({ limit: 10, offset: 0 })).totalCount,
        ).toBe(2);
      });

      it('applies a change only while the request is as it was read', async () => {
        const service = createService();
        const created = await service.create({
          consumer: churn,
          dataset: daily,
          environments: ['dev'],
          purpose: 'x',
          actor: ALICE,
        });
        await service.approve(created, { actor: BOB, dataset: daily });

        // `created` is the stale, pending read.
        const applied = await store.transaction(tx =>
          tx.updateRequest({
            request: created,
            to: 'denied',
            event: { type: 'denied', actor: BOB, at: clock },
            at: clock,
          }),
        );
        expect(applied).toBe(false);
        expect((await store.getRequest(created.id))!.status).toBe('approved');
        expect((await store.listEvents(created.id)).map(e => e.type)).toEqual([
          'created',
          'approved',
        ]);
      });

      it("follows the dataset's owner from the catalog for 'awaiting my decision'", async () => {
        const service = createService();
        const created = await service.create({
          consumer: churn,
          dataset: daily,
          environments: ['dev'],
          purpose: 'x',
          actor: ALICE,
        });
        const awaiting = (owners: string[]) =>
          store.listRequests({
            awaiting: { owners, caller: BOB },
            limit: 10,
            offset: 0,
          });
        expect(
          (await awaiting(['group:default/team-finance'])).totalCount,
        ).toBe(1);

        // The catalog now says team-risk owns it: the next request (or
        // decision) that reads the dataset moves all its requests along.
        const moved = dataset('orders-daily', 'orders', { owner: 'team-risk' });
        clock = new Date(clock.getTime() + 1000);
        const next = await service.create({
          consumer: crm,
          dataset: moved,
          environments: ['dev'],
          purpose: 'x',
          actor: ALICE,
        });
        expect(next.datasetOwner).toBe('group:default/team-risk');
        expect(
          (await awaiting(['group:default/team-finance'])).totalCount,
        ).toBe(0);
        expect(
          (await awaiting(['group:default/team-risk'])).items.map(r => r.id),
        ).toEqual([next.id, created.id]);
      });
    });
  },
);
