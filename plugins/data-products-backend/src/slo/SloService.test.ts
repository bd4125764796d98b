import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SliCollector } from '@meshport/plugin-data-products-node';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { DEFAULT_SLO_CONFIG } from './config';
import { DatabaseSloStore, NewMeasurement } from './DatabaseSloStore';
import { SAMPLE_INCIDENT_DATASET } from './sampleData';
import { datasetSlosLink, SloService } from './SloService';
import { dataProduct, sloDataset } from './testing';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 10, 23, 12, 30);
const ORDERS = 'dataset:default/orders';

const entities: Entity[] = [
  dataProduct('sales-orders'),
  sloDataset('orders', 'sales-orders', {
    slos: { availability: { target: 99.5, window: '20d' } },
  }),
  sloDataset('shipments', 'logistics'),
  sloDataset('order-lines', 'sales-orders', {
    slos: { freshness: { target: 95, maxAge: '24h' } },
  }),
  sloDataset('raw', 'sales-orders', { slos: undefined }),
];

function checks(from: number, to: number, available: boolean) {
  const out: NewMeasurement[] = [];
  for (let at = from; at <= to; at += HOUR) {
    out.push({
      dataset: ORDERS,
      kind: 'availability',
      at,
      available,
      source: 'api',
    });
  }
  return out;
}

describe('SloService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setup(
    databaseId: string,
    options: { collectors?: SliCollector[] } = {},
  ) {
    const knex: Knex = await databases.init(databaseId as any);
    await applyDatabaseMigrations(knex);
    const store = new DatabaseSloStore(knex);
    const clock = { now: START };
    const notifications = {
      send: jest.fn(),
    } as jest.Mocked<NotificationService>;
    const logger = mockServices.logger.mock();
    const service = new SloService({
      store,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger,
      config: DEFAULT_SLO_CONFIG,
      notifications,
      collectors: options.collectors,
      clock: () => new Date(clock.now),
    });
    return { store, service, clock, notifications, logger };
  }

  it.each(databases.eachSupportedId())(
    'notifies the owners once when an SLO breaches and once when it recovers, never in between, %p',
    async databaseId => {
      const { store, service, clock, notifications } = await setup(databaseId);
      // 10 healthy hours: met
      await store.insertMeasurements(
        checks(START - 10 * HOUR, START - HOUR, true),
        new Date(START),
      );
      expect(await service.evaluate()).toEqual({
        evaluated: 3,
        opened: 0,
        closed: 0,
      });
      expect(notifications.send).not.toHaveBeenCalled();

      // Two failed hours: 10 of 12, below 99.5 %
      await store.insertMeasurements(
        checks(START, START + HOUR, false),
        new Date(START),
      );
      clock.now = START + HOUR + 60_000;
      expect(await service.evaluate()).toMatchObject({ opened: 1, closed: 0 });
      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: 'group:default/team-sales' },
        payload: {
          title: 'SLO breached: availability of orders',
          description:
            'Availability is 83.33 %, below its target: 99.5 % of hourly checks find the data available, over 20 days.',
          link: '/catalog/default/dataset/orders/slos',
          severity: 'high',
          topic: 'data-products-slo',
        },
      });

      // Still breached, evaluated again and again: no new notification.
      for (let i = 0; i < 3; i++) {
        clock.now += 5 * 60_000;
        expect(await service.evaluate()).toMatchObject({
          opened: 0,
          closed: 0,
        });
      }
      expect(notifications.send).toHaveBeenCalledTimes(1);

      const [open] = await store.listOpenBreaches([ORDERS]);
      expect(open).toMatchObject({
        kind: 'availability',
        sliAtOpen: 83.3333,
        target: 99.5,
        openedAt: new Date(START + HOUR + 60_000).toISOString(),
      });
      expect(open.notifiedOpenAt).toBeDefined();

      // 20 days later the failures left the window: recovered.
      await store.insertMeasurements(
        checks(START + 2 * HOUR, START + 21 * DAY, true),
        new Date(START),
      );
      clock.now = START + 21 * DAY + 60_000;
      expect(await service.evaluate()).toMatchObject({ opened: 0, closed: 1 });
      expect(notifications.send).toHaveBeenCalledTimes(2);
      expect(notifications.send.mock.calls[1][0].payload).toMatchObject({
        title: 'SLO recovered: availability of orders',
        description:
          'Availability is back to 100 %, meeting its target: 99.5 % of hourly checks find the data available, over 20 days. It had been breached since 23 November 2026 at 13:31 UTC (20 days and 23 hours).',
        severity: 'normal',
        link: '/catalog/default/dataset/orders/slos',
      });
      clock.now += 5 * 60_000;
      await service.evaluate();
      expect(notifications.send).toHaveBeenCalledTimes(2);

      const [closed] = await store.listBreaches(ORDERS, { limit: 1 });
      expect(closed).toMatchObject({ sliAtClose: 100 });
      expect(closed.closedAt).toBeDefined();
      expect(closed.notifiedCloseAt).toBeDefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a breach open while there is no data, and skips datasets whose monitoring is stopped, %p',
    async databaseId => {
      const { store, service, clock, notifications } = await setup(databaseId);
      await store.insertMeasurements(
        checks(START - HOUR, START, false),
        new Date(START),
      );
      await service.evaluate();
      expect(notifications.send).toHaveBeenCalledTimes(1);

      // 21 days without any check: no data, the breach stays open.
      clock.now = START + 21 * DAY;
      expect(await service.evaluate()).toMatchObject({ opened: 0, closed: 0 });
      expect(await store.listOpenBreaches([ORDERS])).toHaveLength(1);

      // Retirement stops the monitoring: healthy data no longer closes it.
      await service.stopMonitoring([ORDERS]);
      await store.insertMeasurements(
        checks(START + 20 * DAY, START + 21 * DAY, true),
        new Date(START),
      );
      expect(await service.evaluate()).toMatchObject({
        evaluated: 2,
        closed: 0,
      });
      await service.resumeMonitoring([ORDERS]);
      expect(await service.evaluate()).toMatchObject({
        evaluated: 3,
        closed: 1,
      });
      expect(notifications.send).toHaveBeenCalledTimes(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the breach when the notification fails, and does not retry it on every evaluation, %p',
    async databaseId => {
      const { store, service, notifications, logger } = await setup(databaseId);
      notifications.send.mockRejectedValue(new Error('notifications down'));
      await store.insertMeasurements(
        checks(START - HOUR, START, false),
        new Date(START),
      );
      expect(await service.evaluate()).toMatchObject({ opened: 1 });
      expect(await service.evaluate()).toMatchObject({ opened: 0 });
      expect(notifications.send).toHaveBeenCalledTimes(1);
      const [open] = await store.listOpenBreaches([ORDERS]);
      expect(open.notifiedOpenAt).toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('notifications down'),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'asks collectors for what is new since they last succeeded, drops what they should not report, %p',
    async databaseId => {
      const calls: { datasets: string[]; since: number }[] = [];
      let fail = false;
      const collector: SliCollector = {
        id: 'fake',
        async collect(datasets, since) {
          calls.push({
            datasets: datasets.map(d => d.metadata.name).sort(),
            since: since.getTime(),
          });
          if (fail) {
            throw new Error('throttled');
          }
          return [
            {
              dataset: 'dataset:default/orders',
              kind: 'availability',
              at: new Date(START).toISOString(),
              available: true,
            },
            {
              dataset: 'order-lines',
              kind: 'update',
              at: new Date(START).toISOString(),
              rowCount: 7,
            },
            // unknown, malformed, future: dropped
            {
              dataset: 'dataset:default/nope',
              kind: 'update',
              at: new Date(START).toISOString(),
            },
            {
              dataset: 'orders',
              kind: 'availability',
              at: new Date(START).toISOString(),
            },
            {
              dataset: 'orders',
              kind: 'update',
              at: new Date(START + DAY).toISOString(),
            },
          ];
        },
      };
      const { store, service, clock, logger } = await setup(databaseId, {
        collectors: [collector],
      });
      expect(await service.collect()).toEqual({ stored: 2 });
      expect(calls[0]).toEqual({
        // with declared SLOs only
        datasets: ['order-lines', 'orders', 'shipments'],
        since: START - DAY,
      });
      const stored = await store.listMeasurements(
        'dataset:default/order-lines',
        {
          from: 0,
          to: START,
        },
      );
      expect(stored).toEqual([
        { kind: 'update', at: START, rowCount: 7, source: 'collector:fake' },
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        'SLI collector fake returned 3 measurement(s) for unknown datasets or malformed; dropped',
      );

      clock.now = START + HOUR;
      fail = true;
      expect(await service.collect()).toEqual({ stored: 0 });
      expect(calls[1].since).toBe(START);
      clock.now = START + 2 * HOUR;
      fail = false;
      await service.collect();
      // retried from where it last succeeded
      expect(calls[2].since).toBe(START);
      expect(await store.getCollectedUntil('fake')).toBe(START + 2 * HOUR);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls raw points up only beyond what the windows need, %p',
    async databaseId => {
      const { store, service, clock } = await setup(databaseId);
      await store.insertMeasurements(
        checks(START - 60 * DAY, START, true),
        new Date(START),
      );
      const result = await service.applyRetention();
      // orders has a 20d window: raw kept for max(35d, 20d + 14d) = 35d,
      // cut at a UTC midnight.
      const cutoff = Math.floor((START - 35 * DAY) / DAY) * DAY;
      const raw = await store.listMeasurements(ORDERS, { from: 0, to: START });
      expect(raw[0].at).toBeGreaterThanOrEqual(cutoff);
      expect(raw[0].at - cutoff).toBeLessThan(HOUR);
      expect(result.compacted).toBe(60 * 24 + 1 - raw.length);
      const aggregates = await store.listAggregates(ORDERS, {
        kind: 'availability',
        from: 0,
        to: START,
      });
      expect(aggregates).toHaveLength(result.compacted);

      // The SLIs still come from the raw window.
      const report = await service.getDatasetReport(entities[1] as any);
      expect(report.slos[0]).toMatchObject({ sli: 100, total: 480 });

      // A year and more later the aggregates expire.
      clock.now = START + 400 * DAY;
      const later = await service.applyRetention();
      expect(later.deleted).toBeGreaterThan(0);
      expect(
        await store.listAggregates(ORDERS, {
          kind: 'availability',
          from: 0,
          to: clock.now,
        }),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'generates deterministic, labelled sample data once, with a breach on the incident dataset and no notification, %p',
    async databaseId => {
      const { store, service, clock, notifications } = await setup(databaseId);
      // A dataset with real measurements never gets sample data.
      await store.insertMeasurements(
        checks(START - HOUR, START, true),
        new Date(START),
      );
      const first = await service.generateSampleData();
      expect(first.datasets).toBe(2);
      expect(first.stored).toBeGreaterThan(28 * 24);

      const shipments = await service.getDatasetReport(entities[2] as any);
      expect(shipments.sampleData).toBe(true);
      expect(shipments.slos.map(s => [s.kind, s.status])).toEqual([
        ['availability', 'breached'],
        ['completeness', 'breached'],
        ['freshness', 'breached'],
      ]);
      expect(shipments.slos[0].openBreach).toBeDefined();
      expect(Date.parse(shipments.slos[0].openBreach!.openedAt)).toBeLessThan(
        START - DAY,
      );
      // Below target since a bucket of the window, on the hour, whatever
      // the breach's opening evaluation said.
      for (const slo of shipments.slos) {
        const since = Date.parse(slo.belowTargetSince!);
        expect(since).toBeGreaterThanOrEqual(Date.parse(slo.windowStart));
        expect(since % HOUR).toBe(0);
        expect(slo.series.map(p => p.at)).toContain(slo.belowTargetSince);
      }
      expect(SAMPLE_INCIDENT_DATASET).toBe(shipments.dataset);

      const lines = await service.getDatasetReport(entities[3] as any);
      expect(lines.sampleData).toBe(true);
      expect(lines.slos[0]).toMatchObject({ status: 'met', sli: 100 });
      const orders = await service.getDatasetReport(entities[1] as any);
      expect(orders.sampleData).toBe(false);

      // A restart an hour later adds only the new hour; nothing twice.
      clock.now = START + HOUR;
      const second = await service.generateSampleData();
      expect(second.stored).toBeGreaterThanOrEqual(1);
      expect(second.stored).toBeLessThanOrEqual(3);
      expect(await service.generateSampleData()).toEqual({
        datasets: 2,
        stored: 0,
      });
      const breaches = await store.listBreaches(SAMPLE_INCIDENT_DATASET, {
        limit: 100,
      });
      expect(breaches.every(b => b.sample)).toBe(true);

      // The evaluation finds the replayed breaches open: nobody is told.
      await service.evaluate();
      expect(notifications.send).not.toHaveBeenCalled();
    },
  );

  it.each(databases.eachSupportedId())(
    "reads every dataset's worst SLO status and its product's from the stored measurements, %p",
    async databaseId => {
      const { store, service, clock } = await setup(databaseId);
      await store.insertMeasurements(
        checks(START - 10 * HOUR, START - HOUR, true),
        new Date(START),
      );
      const credentials = mockCredentials.user();
      expect(await service.getStatuses(credentials)).toEqual({
        evaluatedAt: new Date(START).toISOString(),
        items: [
          { entityRef: 'dataproduct:default/logistics', status: 'no-data' },
          { entityRef: 'dataproduct:default/sales-orders', status: 'no-data' },
          { entityRef: 'dataset:default/order-lines', status: 'no-data' },
          { entityRef: ORDERS, status: 'met' },
          { entityRef: 'dataset:default/shipments', status: 'no-data' },
        ],
      });

      // Two failed hours: orders, and so sales-orders, is breached
      await store.insertMeasurements(
        checks(START, START + HOUR, false),
        new Date(START),
      );
      clock.now = START + HOUR + 60_000;
      const { items } = await service.getStatuses(credentials);
      expect(items.filter(i => i.status === 'breached')).toEqual([
        { entityRef: 'dataproduct:default/sales-orders', status: 'breached' },
        { entityRef: ORDERS, status: 'breached' },
      ]);
    },
  );

  it('links to the SLOs tab of the dataset', () => {
    expect(datasetSlosLink('dataset:team-a/orders')).toBe(
      '/catalog/team-a/dataset/orders/slos',
    );
  });
});
