import { TestDatabases } from '@backstage/backend-test-utils';
import { knex as createKnex } from 'knex';
import request from 'supertest';
import { FakeProvisioner } from '../testing/FakeProvisioner';
import { ACCESS_EXPIRY_TASK_ID } from '.';
import {
  ALICE,
  authHeader,
  BASE,
  BOB,
  CAROL,
  CHURN,
  DANA,
  FINANCE,
  FINANCE_GROUP,
  GUEST,
  ORDERS_DAILY,
  SALES,
  SPARE_DATASETS,
  startAccessBackend,
} from './__testUtils__/backend';

jest.setTimeout(60_000);

type Server = Awaited<ReturnType<typeof startAccessBackend>>['server'];

function create(server: Server, user: string | undefined, body: object) {
  return request(server)
    .post(BASE)
    .set('Authorization', authHeader(user))
    .send(body);
}

function act(
  server: Server,
  user: string | undefined,
  id: string,
  action: string,
  body: object = {},
) {
  return request(server)
    .post(`${BASE}/${id}/${action}`)
    .set('Authorization', authHeader(user))
    .send(body);
}

function get(server: Server, user: string, path: string) {
  return request(server)
    .get(`${BASE}${path}`)
    .set('Authorization', authHeader(user));
}

async function history(server: Server, id: string): Promise<string[]> {
  const response = await get(server, ALICE, `/${id}/history`);
  expect(response.status).toBe(200);
  return response.body.items.map((e: any) => e.type);
}

/** What the consumer's dev role reads in the fake provisioner's latest plan. */
async function plannedReads(server: Server): Promise<string[]> {
  const response = await request(server)
    .get(`/api/data-products/provisioning/plan?entityRef=${CHURN}`)
    .set('Authorization', authHeader(DANA));
  expect(response.status).toBe(200);
  const resources = response.body.provisioners[0].resources.resources;
  return resources.find((r: any) => r.environment === 'dev').reads;
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'access request routes, %p',
  databaseId => {
    async function start(
      options: Parameters<typeof startAccessBackend>[0] extends infer O
        ? Partial<O>
        : never = {},
    ) {
      const knex = await databases.init(databaseId);
      return startAccessBackend({ knex, ...options });
    }

    describe('the request lifecycle', () => {
      it('creates a pending request, tells the dataset owners (not the requester) and records it', async () => {
        const { server, sent, audits } = await start();

        const response = await create(server, ALICE, {
          consumer: 'churn',
          dataset: 'Dataset:default/Orders-Daily',
          purpose: 'Churn model features',
          duration: '90d',
        });

        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          environments: ['dev', 'prd'],
          purpose: 'Churn model features',
          requestedDuration: '90d',
          requester: ALICE,
          status: 'pending',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        });
        expect(sent).toEqual([
          {
            recipients: {
              type: 'entity',
              entityRef: [FINANCE_GROUP],
              excludeEntityRef: ALICE,
            },
            payload: expect.objectContaining({
              title: 'churn requests access to orders-daily',
              link: '/catalog/default/dataset/orders-daily/access',
            }),
          },
        ]);
        expect(audits).toContainEqual(
          expect.objectContaining({
            eventId: 'access-request-create',
            outcome: 'success',
            successMeta: expect.objectContaining({
              requestId: response.body.id,
              dataset: ORDERS_DAILY,
              consumer: CHURN,
            }),
          }),
        );
        expect(await history(server, response.body.id)).toEqual(['created']);

        const fetched = await get(server, CAROL, `/${response.body.id}`);
        expect(fetched.body).toEqual(response.body);
      });

      it('refuses an approval by an owner of the consuming product, unless the portal allows it', async () => {
        // the guest (team-sales) asks for churn (team-sales) to read leads (team-sales too)
        const ask = async (server: Server) => {
          const { body } = await create(server, GUEST, {
            consumer: CHURN,
            dataset: 'dataset:default/leads',
            purpose: 'features',
            duration: '90d',
            environments: ['dev'],
          });
          return body.id as string;
        };
        const { server } = await start();
        const refused = await act(server, ALICE, await ask(server), 'approve');
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toContain(
          "You own the product that asks for this access, so another of the dataset's owners approves it.",
        );

        const relaxed = await start({
          config: { accessRequests: { consumerOwnersMayApprove: true } },
        });
        const approved = await act(
          relaxed.server,
          ALICE,
          await ask(relaxed.server),
          'approve',
        );
        expect(approved.status).toBe(200);
      });

      it('approves, provisions (plan mode: granted, planned) and tells the requester', async () => {
        const { server, sent } = await start();
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'features',
          duration: '90d',
          environments: ['dev'],
        });
        expect(await plannedReads(server)).not.toContain(ORDERS_DAILY);
        sent.length = 0;

        const approved = await act(server, BOB, created.id, 'approve', {
          note: 'ok for a quarter',
        });

        expect(approved.status).toBe(200);
        expect(approved.body).toMatchObject({
          status: 'approved',
          decidedBy: BOB,
          decisionNote: 'ok for a quarter',
          grantId: expect.any(String),
          provisioning: 'pending',
        });
        const days =
          (Date.parse(approved.body.validUntil) -
            Date.parse(approved.body.validFrom)) /
          86_400_000;
        expect(days).toBe(90);
        expect(sent).toEqual([
          {
            recipients: {
              type: 'entity',
              entityRef: [ALICE],
              excludeEntityRef: BOB,
            },
            payload: expect.objectContaining({
              title: 'Access to orders-daily approved for churn',
            }),
          },
        ]);

        // The approval queued a reconcile of churn; its run reported the grant.
        const after = await get(server, ALICE, `/${created.id}`);
        expect(after.body).toMatchObject({
          status: 'granted',
          provisioning: 'planned',
        });
        expect(await history(server, created.id)).toEqual([
          'created',
          'approved',
          'granted',
        ]);
        expect(await plannedReads(server)).toContain(ORDERS_DAILY);
      });

      it('marks a grant applied only when an apply-mode run applied it, and revoking removes it from the platform', async () => {
        const provisioner = new FakeProvisioner();
        const { server } = await start({
          provisioner,
          config: { provisioning: { mode: 'apply' } },
        });
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'features',
        });
        await act(server, BOB, created.id, 'approve');

        const granted = await get(server, ALICE, `/${created.id}`);
        expect(granted.body).toMatchObject({
          status: 'granted',
          provisioning: 'applied',
        });
        expect(granted.body.validUntil).toBeUndefined();
        const role = () =>
          provisioner.platform.resources.find(
            r => r.id === `role:prd:${CHURN}`,
          )!;
        expect(role().reads).toContain(ORDERS_DAILY);

        const revoked = await act(server, BOB, created.id, 'revoke', {
          note: 'no longer needed',
        });
        expect(revoked.status).toBe(200);
        expect(revoked.body.status).toBe('revoked');
        // the revoke, not the approval, is what the request now says
        expect(revoked.body).toMatchObject({
          decidedBy: BOB,
          decisionNote: 'no longer needed',
        });
        expect(role().reads).not.toContain(ORDERS_DAILY);
        expect(await history(server, created.id)).toEqual([
          'created',
          'approved',
          'granted',
          'revoked',
        ]);
      });

      it('approves requests for an unrestricted dataset at once, as system', async () => {
        const { server, sent } = await start();

        const response = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'dataset:default/orders-open',
          purpose: 'dashboards',
        });

        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          status: 'approved',
          decidedBy: 'system',
          grantId: expect.any(String),
        });
        expect(sent.map(n => n.payload.title)).toEqual([
          'churn now reads orders-open',
        ]);
        expect(await history(server, response.body.id)).toEqual([
          'created',
          'auto-approved',
          'granted',
        ]);
      });

      it('denies with a note, and then refuses to approve (409)', async () => {
        const { server, sent } = await start();
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'features',
        });

        const denied = await act(server, BOB, created.id, 'deny', {
          note: 'use the aggregated dataset',
        });
        expect(denied.status).toBe(200);
        expect(denied.body).toMatchObject({
          status: 'denied',
          decidedBy: BOB,
          decisionNote: 'use the aggregated dataset',
        });
        expect(denied.body.grantId).toBeUndefined();
        expect(sent.at(-1)).toMatchObject({
          recipients: { entityRef: [ALICE], excludeEntityRef: BOB },
          payload: { title: 'Access to orders-daily denied for churn' },
        });

        const approve = await act(server, FINANCE[0], created.id, 'approve');
        expect(approve.status).toBe(409);
        expect(approve.body.error).toMatchObject({
          name: 'ConflictError',
          message: `The request is already denied by ${BOB}`,
        });

        // The same decider's retry answers the same result.
        const retry = await act(server, BOB, created.id, 'deny');
        expect(retry.status).toBe(200);
        expect(retry.body.status).toBe('denied');
        expect(await history(server, created.id)).toEqual([
          'created',
          'denied',
        ]);
      });

      it('lets the requester cancel a pending request, and nobody else', async () => {
        const { server } = await start();
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'features',
        });

        const byTeammate = await act(server, GUEST, created.id, 'cancel');
        expect(byTeammate.status).toBe(403);

        const cancelled = await act(server, ALICE, created.id, 'cancel', {
          note: 'wrong dataset',
        });
        expect(cancelled.status).toBe(200);
        expect(cancelled.body.status).toBe('cancelled');

        // The pair is free again.
        const again = await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'features, take two',
        });
        expect(again.status).toBe(201);
      });

      it('renews an active grant: the approved renewal takes the grant over and extends it', async () => {
        const { server } = await start();
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'features',
          duration: '30d',
        });
        const { body: approved } = await act(
          server,
          BOB,
          created.id,
          'approve',
        );

        const renewal = await act(server, GUEST, created.id, 'renew', {
          duration: '60d',
          note: 'another quarter',
        });
        expect(renewal.status).toBe(201);
        expect(renewal.body).toMatchObject({
          status: 'pending',
          renewalOf: created.id,
          requester: GUEST,
          requestedDuration: '60d',
          consumer: CHURN,
          dataset: ORDERS_DAILY,
        });
        const second = await act(server, GUEST, created.id, 'renew');
        expect(second.status).toBe(409);
        expect(second.body.error.message).toBe(
          "A renewal of this access is already waiting for the dataset owners' decision: cancel it to ask again",
        );

        const decided = await act(server, BOB, renewal.body.id, 'approve');
        expect(decided.status).toBe(200);
        expect(decided.body.grantId).toBe(approved.grantId);
        expect(
          Date.parse(decided.body.validUntil) - Date.parse(approved.validUntil),
        ).toBe(60 * 86_400_000);

        const original = await get(server, ALICE, `/${created.id}`);
        expect(original.body).toMatchObject({
          status: 'expired',
          renewedBy: renewal.body.id,
        });
        expect(await history(server, created.id)).toEqual([
          'created',
          'approved',
          'granted',
          'renewal-requested',
          'renewed',
        ]);
        expect(
          (await get(server, ALICE, `/${renewal.body.id}`)).body.status,
        ).toBe('granted');
        expect(await plannedReads(server)).toContain(ORDERS_DAILY);
      });
    });

    describe('rules', () => {
      it('refuses private, deprecated and duplicate requests', async () => {
        const { server } = await start();

        const priv = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'orders-raw',
          purpose: 'x',
        });
        expect(priv.status).toBe(403);
        expect(priv.body.error.message).toMatch(
          /private: its access cannot be requested/,
        );

        const legacy = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'orders-legacy',
          purpose: 'x',
        });
        expect(legacy.status).toBe(409);
        expect(legacy.body.error.message).toBe(
          'The dataset takes no new access requests: the dataset is deprecated',
        );

        await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'x',
        });
        const duplicate = await create(server, GUEST, {
          consumer: 'DataProduct:default/CHURN',
          dataset: ORDERS_DAILY,
          purpose: 'y',
        });
        expect(duplicate.status).toBe(409);
        expect(duplicate.body.error.message).toBe(
          "churn already asked for access to orders-daily: wait for the owners' decision, or cancel that request first",
        );
      });

      it('never lets a requester decide their own request, even as an owner of the dataset', async () => {
        const { server } = await start();
        // alice's team owns both churn and the crm product's leads dataset.
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'leads',
          purpose: 'x',
        });

        const own = await act(server, ALICE, created.id, 'approve');
        expect(own.status).toBe(403);
        expect(own.body.error.message).toBe(
          "Nobody decides their own access request: another of the dataset's owners does.",
        );
        // nor a teammate: they own the consuming product too (consumerOwnersMayApprove is off)
        const teammate = await act(server, GUEST, created.id, 'approve');
        expect(teammate.status).toBe(403);
        expect(teammate.body.error.message).toBe(
          "You own the product that asks for this access, so another of the dataset's owners approves it.",
        );
        // an admin who owns neither decides
        expect((await act(server, DANA, created.id, 'approve')).status).toBe(
          200,
        );
      });

      it('answers 404 for unknown requests and entities', async () => {
        const { server } = await start();
        const id = '00000000-0000-4000-8000-000000000001';
        for (const path of [`/${id}`, `/${id}/history`]) {
          expect((await get(server, ALICE, path)).status).toBe(404);
        }
        for (const action of ['approve', 'deny', 'cancel', 'revoke', 'renew']) {
          expect((await act(server, DANA, id, action)).status).toBe(404);
        }
        const noProduct = await create(server, ALICE, {
          consumer: 'nope',
          dataset: ORDERS_DAILY,
          purpose: 'x',
        });
        expect(noProduct.status).toBe(404);
        const noDataset = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'nope',
          purpose: 'x',
        });
        expect(noDataset.status).toBe(404);
      });

      it.each([
        [
          {},
          'body.consumer: is required; body.dataset: is required; body.purpose: is required',
        ],
        [
          {
            consumer: 'component:default/website',
            dataset: ORDERS_DAILY,
            purpose: 'x',
          },
          'body.consumer: must be a DataProduct entity ref such as dataproduct:default/churn (got "component:default/website")',
        ],
        [
          { consumer: CHURN, dataset: ORDERS_DAILY, purpose: '   ' },
          'body.purpose: must say why the product needs the data',
        ],
        [
          {
            consumer: CHURN,
            dataset: ORDERS_DAILY,
            purpose: 'x',
            duration: '3 weeks',
          },
          'body.duration: must be a duration such as 90d, 12h or 30m, at most 3650d',
        ],
        [
          {
            consumer: CHURN,
            dataset: ORDERS_DAILY,
            purpose: 'x',
            duration: '0d',
          },
          'body.duration: must be a duration such as 90d, 12h or 30m, at most 3650d',
        ],
        [
          {
            consumer: CHURN,
            dataset: ORDERS_DAILY,
            purpose: 'x',
            environments: ['qa'],
          },
          'body.environments: unknown environment "qa" (configured: dev, prd)',
        ],
        [
          {
            consumer: CHURN,
            dataset: ORDERS_DAILY,
            purpose: 'x',
            environments: [],
          },
          'body.environments: must name at least one environment',
        ],
        [
          { consumer: CHURN, dataset: ORDERS_DAILY, purpose: 'x', owner: 'me' },
          'body.owner: is not a known field',
        ],
        [
          { consumer: 'crm', dataset: 'leads', purpose: 'x' },
          'body.consumer: A data product reads its own datasets without a request',
        ],
      ])(
        'answers a create with %j with 400 naming the field',
        async (body, message) => {
          const { server } = await start();
          const response = await create(server, ALICE, body);
          expect(response.status).toBe(400);
          expect(response.body.error).toEqual(
            expect.objectContaining({ name: 'InputError', message }),
          );
        },
      );

      it('answers bad list queries, ids and decision bodies with 400 naming the field', async () => {
        const { server } = await start();
        const cases: Array<[string, string]> = [
          [
            '?status=done',
            'query.status: must be one or more of: pending, approved, granted, denied, cancelled, revoked, expired',
          ],
          ['?limit=0', 'query.limit: must be a number between 1 and 100'],
          ['?offset=-3', 'query.offset: must be a whole number of at least 0'],
          ['?mine=yes', 'query.mine: must be true or false'],
          [
            '?dataset=dataproduct:default/churn',
            'query.dataset: must be a Dataset entity ref such as dataset:default/orders (got "dataproduct:default/churn")',
          ],
          ['/not-an-id', 'params.id: must be an access request id (a UUID)'],
        ];
        for (const [path, message] of cases) {
          const response = await get(server, ALICE, path);
          expect(response.status).toBe(400);
          expect(response.body.error.message).toBe(message);
        }
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'x',
        });
        const badNote = await act(server, BOB, created.id, 'approve', {
          note: 42,
        });
        expect(badNote.status).toBe(400);
        expect(badNote.body.error.message).toBe('body.note: must be a text');
        const badRenew = await act(server, ALICE, created.id, 'renew', {
          duration: 'forever',
        });
        expect(badRenew.status).toBe(400);
        expect(badRenew.body.error.message).toBe(
          'body.duration: must be a duration such as 90d, 12h or 30m, at most 3650d',
        );
      });
    });

    describe('listing', () => {
      it('filters by dataset, consumer, status, mine and awaiting my decision, newest first, paginated', async () => {
        const { server } = await start();
        const ids: string[] = [];
        for (const name of SPARE_DATASETS.slice(0, 5)) {
          const response = await create(server, ALICE, {
            consumer: CHURN,
            dataset: name,
            purpose: 'x',
          });
          ids.push(response.body.id);
        }
        // Finance members do not own churn: they cannot ask on its behalf.
        const notOwner = await create(server, FINANCE[1], {
          consumer: CHURN,
          dataset: 'spare-9',
          purpose: 'z',
        });
        expect(notOwner.status).toBe(403);
        await act(server, BOB, ids[0], 'deny');

        const all = await get(server, ALICE, '?limit=2');
        expect(all.body.totalCount).toBe(5);
        expect(all.body.items.map((r: any) => r.id)).toEqual([ids[4], ids[3]]);
        const page = await get(server, ALICE, '?limit=2&offset=4');
        expect(page.body.items.map((r: any) => r.id)).toEqual([ids[0]]);

        const byDataset = await get(server, ALICE, '?dataset=spare-1');
        expect(byDataset.body.items.map((r: any) => r.id)).toEqual([ids[1]]);
        const byConsumer = await get(server, ALICE, `?consumer=orders`);
        expect(byConsumer.body).toEqual({ items: [], totalCount: 0 });

        const denied = await get(server, ALICE, '?status=denied');
        expect(denied.body.items.map((r: any) => r.id)).toEqual([ids[0]]);
        const several = await get(
          server,
          ALICE,
          '?status=denied&status=pending',
        );
        expect(several.body.totalCount).toBe(5);
        const commas = await get(server, ALICE, '?status=denied,cancelled');
        expect(commas.body.totalCount).toBe(1);

        expect((await get(server, ALICE, '?mine=true')).body.totalCount).toBe(
          5,
        );
        expect((await get(server, BOB, '?mine=true')).body.totalCount).toBe(0);

        const bobsInbox = await get(server, BOB, '?awaitingMyDecision=true');
        expect(bobsInbox.body.totalCount).toBe(4);
        expect(bobsInbox.body.items.map((r: any) => r.id)).toEqual(
          [...ids.slice(1)].reverse(),
        );
        // The requester waits for nobody's decision but the owners'.
        expect(
          (await get(server, ALICE, '?awaitingMyDecision=true')).body
            .totalCount,
        ).toBe(0);
        expect(
          (await get(server, CAROL, '?awaitingMyDecision=true')).body
            .totalCount,
        ).toBe(0);
        // Admins may decide everything but their own requests.
        expect(
          (await get(server, DANA, '?awaitingMyDecision=true')).body.totalCount,
        ).toBe(4);

        // Ownership decides: team-sales owns leads; nobody sees their own request.
        const bobsLeads = await create(server, BOB, {
          consumer: 'orders',
          dataset: 'leads',
          purpose: 'y',
        });
        expect(bobsLeads.status).toBe(201);
        const alicesLeads = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'leads',
          purpose: 'x',
        });
        const inbox = async (user: string) =>
          (await get(server, user, '?awaitingMyDecision=true')).body.items.map(
            (r: any) => r.id,
          );
        expect(await inbox(GUEST)).toEqual([
          alicesLeads.body.id,
          bobsLeads.body.id,
        ]);
        expect(await inbox(ALICE)).toEqual([bobsLeads.body.id]);
        expect(await inbox(BOB)).toHaveLength(4);
        expect(
          (await get(server, DANA, '?awaitingMyDecision=true')).body.totalCount,
        ).toBe(6);
      });
    });

    describe('authorization matrix', () => {
      type Route =
        | 'create'
        | 'approve'
        | 'deny'
        | 'cancel'
        | 'revoke'
        | 'renew';
      const actors: Array<[string, string | undefined]> = [
        ['anonymous', undefined],
        ['requester', ALICE],
        ['unrelated user', CAROL],
        ['dataset owner', BOB],
        ['admin', DANA],
      ];
      /** Expected status per route, in the order of `actors`. */
      const expected: Record<Route, number[]> = {
        create: [401, 201, 403, 403, 201],
        approve: [401, 403, 403, 200, 200],
        deny: [401, 403, 403, 200, 200],
        cancel: [401, 200, 403, 403, 403],
        revoke: [401, 403, 403, 200, 200],
        renew: [401, 201, 403, 403, 201],
      };

      it('answers every mutating route as the table says', async () => {
        const { server, audits } = await start();
        const spare = [...SPARE_DATASETS];
        const observed: Record<string, number[]> = {};
        const refusals: string[] = [];
        const setup: number[] = [];
        for (const route of Object.keys(expected) as Route[]) {
          observed[route] = [];
          for (const [, user] of actors) {
            const datasetName = spare.shift()!;
            let response;
            if (route === 'create') {
              response = await create(server, user, {
                consumer: CHURN,
                dataset: datasetName,
                purpose: 'matrix',
              });
            } else {
              const { body: created } = await create(server, ALICE, {
                consumer: CHURN,
                dataset: datasetName,
                purpose: 'matrix',
              });
              if (route === 'revoke' || route === 'renew') {
                const approved = await act(server, BOB, created.id, 'approve');
                setup.push(approved.status);
              }
              response = await act(server, user, created.id, route);
            }
            observed[route].push(response.status);
            if (response.status === 403) {
              refusals.push(`${route}: ${response.body.error.message}`);
            }
          }
        }
        expect(setup).toEqual(Array(10).fill(200));
        expect(observed).toEqual(expected);
        // Every refusal is a sentence for people: no permission name, no
        // entity ref, no UUID.
        expect(refusals).toHaveLength(13);
        for (const message of refusals) {
          expect(message).not.toMatch(
            /data-products\.|[a-z]+:[a-z]+\/|[0-9a-f]{8}-[0-9a-f]{4}-/,
          );
        }
        expect(refusals.filter(m => m.startsWith('approve: '))).toEqual([
          expect.stringMatching(
            /^approve: Only the owners of spare-\d+ — team-finance group — or a Meshport admin can decide requests for it\.$/,
          ),
          expect.stringMatching(
            /^approve: Only the owners of spare-\d+ — team-finance group — or a Meshport admin can decide requests for it\.$/,
          ),
        ]);
        // Refusals are audited as failures (anonymous calls stop at the
        // plugin's auth policy, before any route).
        expect(
          audits.filter(
            a => a.eventId === 'access-request-approve' && a.outcome === 'fail',
          ),
        ).toHaveLength(2);
      });
    });

    describe('reading', () => {
      it('asks the permission framework before showing requests, so a stricter portal can hide them', async () => {
        const { server } = await start({
          deny: ['data-products.access-request.read'],
        });
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'orders-daily',
          purpose: 'reading',
        });
        expect(created.status).toBe('pending');

        for (const path of ['', `/${created.id}`, `/${created.id}/history`]) {
          const refused = await get(server, ALICE, path);
          expect(refused.status).toBe(403);
          expect(refused.body.error.message).toBe(
            "This portal's access policy does not let you see access requests. Ask a Meshport admin if you need to.",
          );
        }
        // admins keep seeing them
        const asAdmin = await get(server, DANA, `/${created.id}`);
        expect(asAdmin.status).toBe(200);
        expect(asAdmin.body.id).toBe(created.id);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of ten deciders approving at once win; the others get 409', async () => {
        const { server, knex } = await start();
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'orders-race',
          purpose: 'race',
        });

        const responses = await Promise.all(
          FINANCE.map(user => act(server, user, created.id, 'approve')),
        );

        const statuses = responses.map(r => r.status).sort();
        expect(statuses).toEqual([200, ...Array(9).fill(409)]);
        const winner = responses.find(r => r.status === 200)!;
        const events = await history(server, created.id);
        expect(events.filter(e => e === 'approved')).toHaveLength(1);
        const grants = await knex('access_grants').where({
          request_id: created.id,
        });
        expect(grants).toHaveLength(1);
        expect(grants[0].id).toBe(winner.body.grantId);
        for (const loser of responses.filter(r => r.status === 409)) {
          expect(loser.body.error.message).toBe(
            `The request is already approved by ${winner.body.decidedBy}`,
          );
        }
      });

      it("answers one decider's parallel retries with the same result, and a competing denial with 409", async () => {
        const { server } = await start();
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'orders-race',
          purpose: 'race',
        });

        const responses = await Promise.all([
          ...Array.from({ length: 5 }, () =>
            act(server, BOB, created.id, 'approve'),
          ),
          ...Array.from({ length: 5 }, () =>
            act(server, FINANCE[0], created.id, 'deny'),
          ),
        ]);

        const approvals = responses.slice(0, 5).map(r => r.status);
        const denials = responses.slice(5).map(r => r.status);
        const approvedWon = approvals[0] === 200;
        expect(approvals).toEqual(Array(5).fill(approvedWon ? 200 : 409));
        expect(denials).toEqual(Array(5).fill(approvedWon ? 409 : 200));
        const decisions = (await history(server, created.id)).filter(e =>
          ['approved', 'denied'].includes(e),
        );
        expect(decisions).toEqual([approvedWon ? 'approved' : 'denied']);
      });

      it('refuses a second open request for the pair when both arrive at once', async () => {
        const { server, knex } = await start();
        const responses = await Promise.all(
          [ALICE, GUEST, ALICE, GUEST, ALICE].map(user =>
            create(server, user, {
              consumer: CHURN,
              dataset: 'orders-race',
              purpose: 'race',
            }),
          ),
        );
        expect(responses.map(r => r.status).sort()).toEqual([
          201, 409, 409, 409, 409,
        ]);
        expect(
          await knex('access_requests').where({
            dataset: 'dataset:default/orders-race',
          }),
        ).toHaveLength(1);
      });
    });

    describe('expiry', () => {
      it('expires due grants on the scheduled task, removes them from provisioning and tells the consumer', async () => {
        const { server, knex, scheduler, sent } = await start();
        const { body: created } = await create(server, ALICE, {
          consumer: CHURN,
          dataset: ORDERS_DAILY,
          purpose: 'features',
          duration: '1d',
        });
        await act(server, BOB, created.id, 'approve');
        expect(await plannedReads(server)).toContain(ORDERS_DAILY);

        // The day has passed.
        const past = new Date(Date.now() - 60_000);
        await knex('access_requests')
          .where({ id: created.id })
          .update({ valid_until: past });
        await knex('access_grants')
          .where({ request_id: created.id })
          .update({ valid_until: past });
        sent.length = 0;

        await scheduler.triggerTask(ACCESS_EXPIRY_TASK_ID);

        const expired = await get(server, ALICE, `/${created.id}`);
        expect(expired.body.status).toBe('expired');
        expect(await history(server, created.id)).toEqual([
          'created',
          'approved',
          'granted',
          'expired',
        ]);
        const [grant] = await knex('access_grants').where({
          request_id: created.id,
        });
        expect(grant.status).toBe('expired');
        expect(await plannedReads(server)).not.toContain(ORDERS_DAILY);
        expect(sent).toEqual([
          {
            recipients: { type: 'entity', entityRef: [SALES, ALICE] },
            payload: expect.objectContaining({
              title: 'Access of churn to orders-daily expired',
            }),
          },
        ]);
      });

      it('tells the consumer once, within the notice period, that a grant ends soon', async () => {
        const { server, scheduler, sent } = await start({
          config: { accessRequests: { expiry: { noticeDays: 7 } } },
        });
        const soon = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'spare-0',
          purpose: 'x',
          duration: '5d',
        });
        const later = await create(server, ALICE, {
          consumer: CHURN,
          dataset: 'spare-1',
          purpose: 'x',
          duration: '30d',
        });
        await act(server, BOB, soon.body.id, 'approve');
        await act(server, BOB, later.body.id, 'approve');
        sent.length = 0;

        await scheduler.triggerTask(ACCESS_EXPIRY_TASK_ID);
        await scheduler.triggerTask(ACCESS_EXPIRY_TASK_ID);

        expect(sent).toEqual([
          {
            recipients: { type: 'entity', entityRef: [SALES, ALICE] },
            payload: expect.objectContaining({
              title: 'Access of churn to spare-0 ends soon',
              severity: 'high',
            }),
          },
        ]);
        expect(await history(server, soon.body.id)).toEqual([
          'created',
          'approved',
          'granted',
          'expiry-notified',
        ]);
        expect(await history(server, later.body.id)).not.toContain(
          'expiry-notified',
        );
        expect((await get(server, ALICE, `/${soon.body.id}`)).body.status).toBe(
          'granted',
        );
      });
    });
  },
);

describe('access requests across replicas on one PostgreSQL', () => {
  const pg = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it.each(pg.eachSupportedId())(
    'decides once when two backends on their own connections race, %p',
    async databaseId => {
      const knexA = await pg.init(databaseId);
      // A second connection pool to the same database: another replica.
      const knexB = createKnex({
        client: 'pg',
        connection: (knexA.client as any).config.connection,
      });
      try {
        const a = await startAccessBackend({ knex: knexA });
        const b = await startAccessBackend({ knex: knexB });
        const { body: created } = await create(a.server, ALICE, {
          consumer: CHURN,
          dataset: 'orders-race',
          purpose: 'race',
        });

        const responses = await Promise.all(
          FINANCE.map((user, i) =>
            act(i % 2 ? b.server : a.server, user, created.id, 'approve'),
          ),
        );

        expect(responses.map(r => r.status).sort()).toEqual([
          200,
          ...Array(9).fill(409),
        ]);
        const events = await knexA('access_request_events').where({
          request_id: created.id,
          type: 'approved',
        });
        expect(events).toHaveLength(1);
        expect(
          await knexA('access_grants').where({ request_id: created.id }),
        ).toHaveLength(1);
      } finally {
        await knexB.destroy();
      }
    },
  );
});
