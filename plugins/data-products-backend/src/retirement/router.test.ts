import { durationToMilliseconds } from '@backstage/types';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { RETIREMENT_TASK_ID } from '.';
import {
  ALICE,
  authHeader,
  CAROL,
  CHURN,
  CRM,
  DANA,
  GUEST,
  LEADS,
  startRetirementBackend,
} from './__testUtils__/backend';
import { DAY_MS } from './machine';

jest.setTimeout(60_000);

const BASE = '/api/data-products/retirement';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000009';

/** A sunset `days` from now, as a date. */
function inDays(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'retirement routes, %p',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      return startRetirementBackend({ knex });
    }
    type Server = Awaited<ReturnType<typeof start>>['server'];

    const get = (server: Server, user: string | undefined, path: string) =>
      request(server)
        .get(`${BASE}${path}`)
        .set('Authorization', authHeader(user));
    const post = (
      server: Server,
      user: string | undefined,
      path: string,
      body: object = {},
    ) =>
      request(server)
        .post(`${BASE}${path}`)
        .set('Authorization', authHeader(user))
        .send(body);
    const startCrm = (server: Server, user = ALICE, sunset = inDays(40)) =>
      post(server, user, '', {
        entityRef: 'crm',
        reason: 'Replaced by crm-v2',
        sunset,
      });

    it('refuses requests without credentials', async () => {
      const { server } = await start();
      expect((await get(server, undefined, `?entityRef=${CRM}`)).status).toBe(
        401,
      );
      expect(
        (
          await post(server, undefined, '', {
            entityRef: CRM,
            reason: 'x',
            sunset: inDays(40),
          })
        ).status,
      ).toBe(401);
      expect(
        (await post(server, undefined, `/${UNKNOWN_ID}/cancel`)).status,
      ).toBe(401);
    });

    it('answers bad input with 400 naming the field and what was expected', async () => {
      const { server } = await start();
      const earliest = new Date(
        Math.ceil((Date.now() + 30 * DAY_MS) / DAY_MS) * DAY_MS,
      ).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
      const latest = new Date(
        Math.floor(
          (Date.now() + durationToMilliseconds({ years: 2 })) / DAY_MS,
        ) * DAY_MS,
      ).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
      const cases: Array<[object, string]> = [
        [
          { entityRef: CRM, reason: 'x', sunset: inDays(3) },
          `body.sunset: must be at least 30 days from now (${earliest})`,
        ],
        [
          { entityRef: CRM, reason: 'x', sunset: '9999-12-31' },
          `body.sunset: must be at most ${Math.floor(
            durationToMilliseconds({ years: 2 }) / DAY_MS,
          )} days from now (by ${latest})`,
        ],
        [
          { entityRef: CRM, reason: 'x', sunset: '21/12/2026' },
          'body.sunset: must be a date such as 2026-12-21 or an ISO 8601 date-time with a zone (got "21/12/2026")',
        ],
        [{ entityRef: CRM, sunset: inDays(40) }, 'body.reason: is required'],
        [
          { entityRef: CRM, reason: '  ', sunset: inDays(40) },
          'body.reason: must not be empty: say why the product retires',
        ],
        [
          {
            entityRef: 'component:default/website',
            reason: 'x',
            sunset: inDays(40),
          },
          'body.entityRef: must be a DataProduct entity ref such as dataproduct:default/my-product (got "component:default/website")',
        ],
        [
          { entityRef: CRM, reason: 'x', sunset: inDays(40), force: true },
          'body.force: is not a known field',
        ],
      ];
      for (const [body, message] of cases) {
        const response = await post(server, ALICE, '', body);
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          name: 'InputError',
          message,
        });
      }
      const noRef = await get(server, ALICE, '');
      expect(noRef.status).toBe(400);
      expect(noRef.body.error.message).toBe('query.entityRef: is required');
      const badId = await post(server, ALICE, '/not-an-id/confirm');
      expect(badId.status).toBe(400);
      expect(badId.body.error.message).toBe(
        'params.id: must be a retirement id (a UUID)',
      );
    });

    it('lets only owners and admins start, confirm and cancel (403), hides what does not exist (404)', async () => {
      const { server, audits } = await start();

      const denied = await startCrm(server, CAROL);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(
        'Only the owners of crm — team-sales group — or a Meshport admin can retire it or change its retirement.',
      );
      expect(audits).toContainEqual({
        eventId: 'retirement-start',
        outcome: 'fail',
      });
      const unknown = await post(server, ALICE, '', {
        entityRef: 'dataproduct:default/nope',
        reason: 'x',
        sunset: inDays(40),
      });
      expect(unknown.status).toBe(404);

      const started = await startCrm(server, ALICE);
      expect(started.status).toBe(201);
      const { id } = started.body;
      expect((await post(server, CAROL, `/${id}/cancel`)).status).toBe(403);
      expect((await post(server, CAROL, `/${id}/confirm`)).status).toBe(403);
      expect((await post(server, ALICE, `/${UNKNOWN_ID}/cancel`)).status).toBe(
        404,
      );

      // the details say who may manage; the server decides anyway
      const asCarol = await get(server, CAROL, `?entityRef=${CRM}`);
      expect(asCarol.status).toBe(200);
      expect(asCarol.body.canManage).toBe(false);
      const asOwner = await get(server, GUEST, `?entityRef=${CRM}`);
      expect(asOwner.body.canManage).toBe(true);

      // an admin may act on any product
      const cancelled = await post(server, DANA, `/${id}/cancel`, {
        note: 'not yet',
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: DANA,
        cancelNote: 'not yet',
      });
    });

    it('starts, shows, refuses access requests and duplicates, and cancels (409 afterwards)', async () => {
      const { server } = await start();
      const started = await startCrm(server);
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        dataProduct: CRM,
        datasets: [LEADS],
        status: 'retiring',
        reason: 'Replaced by crm-v2',
        sunset: `${inDays(40)}T00:00:00.000Z`,
        requestedBy: ALICE,
        previousLifecycle: 'production',
      });
      expect(started.body.snapshot).toBeUndefined();

      const details = await get(server, ALICE, `?entityRef=crm`);
      expect(details.status).toBe(200);
      expect(details.body).toMatchObject({
        entityRef: CRM,
        retirement: { id: started.body.id, status: 'retiring' },
        usage: { consumers: [], inputGrants: 0 },
        policy: { noticePeriod: '30 days', noticePeriodMs: 30 * DAY_MS },
        canManage: true,
      });
      expect(
        details.body.steps.map((s: any) => `${s.seq} ${s.name} ${s.status}`),
      ).toEqual([
        '1 stop-pipeline pending',
        '2 revoke-grants pending',
        '3 archive-data pending',
        '4 stop-monitoring pending',
        '5 release-resources pending',
        '6 remove-from-catalog pending',
      ]);

      // the dataset's banner, and the access-requests feature, see it
      const status = await get(server, CAROL, `/status?entityRef=${LEADS}`);
      expect(status.body).toMatchObject({
        entityRef: LEADS,
        dataProduct: CRM,
        state: 'retiring',
        sunset: `${inDays(40)}T00:00:00.000Z`,
      });
      const accessRequest = await request(server)
        .post('/api/data-products/access/requests')
        .set('Authorization', authHeader(ALICE))
        .send({ consumer: CHURN, dataset: LEADS, purpose: 'lead scoring' });
      expect(accessRequest.status).toBeGreaterThanOrEqual(400);
      expect(accessRequest.body.error.message).toMatch(/being retired/);

      const again = await startCrm(server);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        'This data product is already being retired; cancel that retirement first',
      );

      const cancelled = await post(server, ALICE, `/${started.body.id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(
        (await get(server, CAROL, `/status?entityRef=${LEADS}`)).body.state,
      ).toBeUndefined();
      const twice = await post(server, ALICE, `/${started.body.id}/cancel`);
      expect(twice.status).toBe(409);
      const confirmCancelled = await post(
        server,
        ALICE,
        `/${started.body.id}/confirm`,
      );
      expect(confirmCancelled.status).toBe(409);
    });

    it('confirms early, runs the steps on the scheduler and ends retired; a cancel is then refused', async () => {
      const { server, scheduler, provisioner } = await start();
      const { body: started } = await startCrm(server);

      const confirmed = await post(server, ALICE, `/${started.id}/confirm`);
      expect(confirmed.status).toBe(202);
      expect(confirmed.body).toMatchObject({
        status: 'running',
        confirmedBy: ALICE,
      });

      // the reconcile task releases, then the retirement task goes on
      for (let i = 0; i < 3; i++) {
        await scheduler.triggerTask(RETIREMENT_TASK_ID).catch(() => {});
        await scheduler.triggerTask('data-products-reconcile').catch(() => {});
        const current = await get(server, ALICE, `?entityRef=${CRM}`);
        if (current.body.retirement.status === 'retired') break;
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      const details = await get(server, ALICE, `?entityRef=${CRM}`);
      expect(details.body.retirement).toMatchObject({
        status: 'retired',
        catalog: { removal: 'retained', location: 'file:/portal/all.yaml' },
      });
      expect(details.body.steps.map((s: any) => s.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
      expect(provisioner.archived).toHaveLength(1);
      const cancel = await post(server, ALICE, `/${started.id}/cancel`);
      expect(cancel.status).toBe(409);
      expect(cancel.body.error.message).toBe(
        'The data product is already retired',
      );
    });

    it('serves retirement states to the catalog, to services only', async () => {
      const { server } = await start();
      await startCrm(server);
      const asUser = await get(server, ALICE, '/states');
      expect(asUser.status).toBe(403);
      const asService = await request(server)
        .get(`${BASE}/states`)
        .set('Authorization', mockCredentials.service.header());
      expect(asService.status).toBe(200);
      expect(asService.body).toEqual({
        items: [
          {
            dataProduct: CRM,
            datasets: [LEADS],
            state: 'retiring',
            sunset: `${inDays(40)}T00:00:00.000Z`,
          },
        ],
      });
    });
  },
);
