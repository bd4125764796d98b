import { TestDatabases } from '@backstage/backend-test-utils';
import type { Consumption } from '@meshport/plugin-data-products-common';
import request from 'supertest';
import { dataProduct, dataset } from '../testing/entities';
import {
  ALICE,
  authHeader,
  BASE,
  BOB,
  CAROL,
  CHURN,
  FINANCE_GROUP,
  startAccessBackend,
} from './__testUtils__/backend';

jest.setTimeout(60_000);

type Server = Awaited<ReturnType<typeof startAccessBackend>>['server'];

const V1 = 'dataset:default/orders-v1';
const V2 = 'dataset:default/orders-v2';
const OPEN_V1 = 'dataset:default/events-v1';
const OPEN_V2 = 'dataset:default/events-v2';
/** 40 days ahead: before the end of a 90-day grant. */
const SUNSET = new Date(Date.now() + 40 * 86_400_000)
  .toISOString()
  .slice(0, 10);

function entities() {
  const finance = { owner: 'team-finance' };
  return [
    dataProduct('churn', { owner: 'team-sales', environments: ['dev', 'prd'] }),
    dataProduct('orders', finance),
    dataset('orders-v1', 'orders', { ...finance, version: '1.4.0' }),
    {
      ...dataset('orders-v2', 'orders', {
        ...finance,
        version: '2.0.0',
        deprecates: { version: '1.4.0', sunset: SUNSET, dataset: 'orders-v1' },
      }),
      metadata: { name: 'orders-v2', namespace: 'default', title: 'Orders v2' },
    },
    dataset('events-v1', 'orders', { ...finance, access: 'unrestricted' }),
    dataset('events-v2', 'orders', {
      ...finance,
      access: 'restricted',
      version: '2.0.0',
      deprecates: { version: '1.0.0', sunset: SUNSET, dataset: 'events-v1' },
    }),
    dataset('orders-plain', 'orders', finance),
  ];
}

function post(server: Server, user: string, path: string, body: object = {}) {
  return request(server)
    .post(`${BASE}${path}`)
    .set('Authorization', authHeader(user))
    .send(body);
}

async function history(server: Server, id: string): Promise<string[]> {
  const response = await request(server)
    .get(`${BASE}/${id}/history`)
    .set('Authorization', authHeader(ALICE));
  return response.body.items.map((e: { type: string }) => e.type);
}

/** The consuming product's inputs, as its Access tab reads them. */
async function consumption(server: Server): Promise<Consumption[]> {
  const response = await request(server)
    .get(`/api/data-products/consumption?entityRef=${CHURN}`)
    .set('Authorization', authHeader(ALICE));
  expect(response.status).toBe(200);
  return response.body.inputs;
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'migrate to a new version, %p',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      return startAccessBackend({ knex, entities: entities() });
    }

    /** churn asks for `dataset` for 90 days; BOB approves when it waits. */
    async function grant(server: Server, datasetRef: string) {
      const created = await post(server, ALICE, '', {
        consumer: CHURN,
        dataset: datasetRef,
        environments: ['dev'],
        purpose: 'Churn model features',
        duration: '90d',
      });
      expect(created.status).toBe(201);
      if (created.body.status !== 'pending') return created.body;
      const approved = await post(server, BOB, `/${created.body.id}/approve`);
      expect(approved.status).toBe(200);
      return approved.body;
    }

    it('moves the grant to the new version: same environments and end, the old one ends on the sunset; once', async () => {
      const { server, sent, audits } = await start();
      const old = await grant(server, V1);
      sent.length = 0;

      // the consumer's Access tab offers the move, with the changes
      const offered = await consumption(server);
      expect(offered.find(i => i.dataset === V1)?.migration).toEqual({
        successor: V2,
        successorTitle: 'Orders v2',
        version: '2.0.0',
        sunset: SUNSET,
        changes: expect.any(Array),
        needsApproval: false,
      });

      const moved = await post(server, ALICE, `/${old.id}/migrate`);

      expect(moved.status).toBe(201);
      expect(moved.body.outcome).toBe('moved');
      expect(moved.body.request).toEqual(
        expect.objectContaining({
          consumer: CHURN,
          dataset: V2,
          environments: ['dev'],
          purpose: 'Churn model features',
          // approved, and the reconcile it asked for (plan mode) covered it
          status: 'granted',
          provisioning: 'planned',
          validUntil: old.validUntil,
          requester: ALICE,
          // the note people read on the request names no one by ref
          decisionNote:
            'Moved from the version it replaces when its requester accepted the migration',
        }),
      );
      const dayAfterSunset = new Date(
        Date.parse(`${SUNSET}T00:00:00Z`) + 86_400_000,
      ).toISOString();
      expect(moved.body.previous).toEqual(
        expect.objectContaining({
          id: old.id,
          status: 'granted', // still held until the sunset
          validUntil: dayAfterSunset,
        }),
      );
      // the producer hears of it
      expect(sent).toEqual([
        expect.objectContaining({
          recipients: expect.objectContaining({ entityRef: [FINANCE_GROUP] }),
          payload: expect.objectContaining({
            title: 'churn moved its access to Orders v2',
          }),
        }),
      ]);
      expect(audits).toContainEqual(
        expect.objectContaining({
          eventId: 'access-request-migrate',
          outcome: 'success',
          successMeta: expect.objectContaining({
            outcome: 'moved',
            previousRequestId: old.id,
            dataset: V2,
          }),
        }),
      );
      expect(await history(server, old.id)).toContain('migrated');
      expect(await history(server, moved.body.request.id)).toEqual([
        'migrated',
        'granted',
      ]);

      // both grants are what the reconciler provisions until the sunset
      const active = await request(server)
        .get(`${BASE}?consumer=${CHURN}&status=approved&status=granted`)
        .set('Authorization', authHeader(ALICE));
      expect(
        active.body.items.map((r: { dataset: string }) => r.dataset).sort(),
      ).toEqual([V1, V2]);

      // the model says it is done, and the new version is an input
      const after = await consumption(server);
      expect(after.find(i => i.dataset === V1)?.migration).toEqual(
        expect.objectContaining({
          successorRequest: { id: moved.body.request.id, status: 'granted' },
        }),
      );
      expect(after.find(i => i.dataset === V2)).toEqual(
        expect.objectContaining({
          state: 'granted',
          grantedEnvironments: ['dev'],
        }),
      );

      // accepting again changes nothing
      const again = await post(server, ALICE, `/${old.id}/migrate`);
      expect(again.status).toBe(200);
      expect(again.body.outcome).toBe('already-migrated');
      expect(again.body.request.id).toBe(moved.body.request.id);
      expect(again.body.previous.validUntil).toBe(dayAfterSunset);
    });

    it('asks the producer when the new version is tighter, and leaves the old grant as it is', async () => {
      const { server, sent } = await start();
      const old = await grant(server, OPEN_V1);
      expect(old.status).toBe('approved'); // unrestricted: at once
      sent.length = 0;

      const asked = await post(server, ALICE, `/${old.id}/migrate`, {
        successor: 'events-v2',
      });

      expect(asked.status).toBe(201);
      expect(asked.body.outcome).toBe('requested');
      expect(asked.body.request).toEqual(
        expect.objectContaining({
          dataset: OPEN_V2,
          status: 'pending',
          environments: ['dev'],
          requestedDuration: '90d',
        }),
      );
      expect(asked.body.previous.validUntil).toBe(old.validUntil);
      expect(
        (await consumption(server)).find(i => i.dataset === OPEN_V1)?.migration,
      ).toEqual(
        expect.objectContaining({
          needsApproval: true,
          successorRequest: { id: asked.body.request.id, status: 'pending' },
          changes: expect.arrayContaining([
            expect.objectContaining({
              kind: 'access-tightened',
              severity: 'breaking',
            }),
          ]),
        }),
      );
      expect(sent).toEqual([
        expect.objectContaining({
          recipients: expect.objectContaining({ entityRef: [FINANCE_GROUP] }),
          payload: expect.objectContaining({
            title: 'churn requests access to events-v2',
          }),
        }),
      ]);
    });

    it('moves a pending request as a new request on the new version, withdrawing the old one', async () => {
      const { server } = await start();
      const pending = await post(server, ALICE, '', {
        consumer: CHURN,
        dataset: V1,
        environments: ['dev'],
        purpose: 'Churn model features',
      });
      expect(pending.body.status).toBe('pending');

      const moved = await post(server, ALICE, `/${pending.body.id}/migrate`);

      expect(moved.status).toBe(201);
      expect(moved.body.outcome).toBe('requested');
      expect(moved.body.request).toEqual(
        expect.objectContaining({ dataset: V2, status: 'pending' }),
      );
      expect(moved.body.previous).toEqual(
        expect.objectContaining({ id: pending.body.id, status: 'cancelled' }),
      );
    });

    it('moves once when two owners accept at the same time', async () => {
      const { server } = await start();
      const old = await grant(server, V1);

      const answers = await Promise.all([
        post(server, ALICE, `/${old.id}/migrate`),
        post(server, 'user:default/guest', `/${old.id}/migrate`),
      ]);

      expect(answers.map(a => a.status).sort()).toEqual([200, 201]);
      expect(new Set(answers.map(a => a.body.request.id)).size).toBe(1);
      const onV2 = await request(server)
        .get(`${BASE}?consumer=${CHURN}&dataset=${V2}`)
        .set('Authorization', authHeader(ALICE));
      expect(onV2.body.totalCount).toBe(1);
    });

    it('refuses people who do not own the consumer, requests without a new version, and a wrong successor', async () => {
      const { server, audits } = await start();
      const old = await grant(server, V1);

      const carol = await post(server, CAROL, `/${old.id}/migrate`);
      expect(carol.status).toBe(403);
      expect(audits).toContainEqual(
        expect.objectContaining({
          eventId: 'access-request-migrate',
          outcome: 'fail',
        }),
      );
      // the producer may not move the consumer either
      expect((await post(server, BOB, `/${old.id}/migrate`)).status).toBe(403);

      const wrong = await post(server, ALICE, `/${old.id}/migrate`, {
        successor: 'events-v2',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toBe(
        'body.successor: must be a version replacing orders-v1 (Orders v2)',
      );

      const plain = await grant(server, 'dataset:default/orders-plain');
      const none = await post(server, ALICE, `/${plain.id}/migrate`);
      expect(none.status).toBe(409);
      expect(none.body.error.message).toBe(
        'No newer version replaces orders-plain: there is nothing to move to',
      );

      const revoked = await post(server, BOB, `/${plain.id}/revoke`);
      expect(revoked.status).toBe(200);
      const closed = await post(server, ALICE, `/${plain.id}/migrate`);
      expect(closed.status).toBe(409);
      expect(closed.body.error.message).toMatch(
        /^Only access held or asked for can move to a new version/,
      );
    });
  },
);
