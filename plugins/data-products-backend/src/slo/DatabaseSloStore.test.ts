import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import {
  DatabaseSloStore,
  NewMeasurement,
  rollUp,
  SloAggregate,
} from './DatabaseSloStore';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 1);
const ORDERS = 'dataset:default/orders';

function check(at: number, available = true, dataset = ORDERS): NewMeasurement {
  return { dataset, kind: 'availability', at, available, source: 'api' };
}

function update(at: number, rowCount?: number): NewMeasurement {
  return {
    dataset: ORDERS,
    kind: 'update',
    at,
    ...(rowCount !== undefined ? { rowCount } : {}),
    source: 'api',
  };
}

describe('rollUp', () => {
  it('rolls availability up per hour and updates per day, with the gaps between updates', () => {
    const aggregates = rollUp(
      [
        {
          kind: 'availability',
          at: T0 + 60_000,
          available: true,
          source: 'api',
        },
        {
          kind: 'availability',
          at: T0 + 30 * 60_000,
          available: false,
          source: 'sample',
        },
        { kind: 'availability', at: T0 + HOUR, available: true, source: 'api' },
        { kind: 'update', at: T0 + 2 * HOUR, rowCount: 100, source: 'api' },
        { kind: 'update', at: T0 + 20 * HOUR, rowCount: 90, source: 'api' },
        { kind: 'update', at: T0 + DAY + HOUR, rowCount: 120, source: 'api' },
      ],
      T0 - 4 * HOUR,
    );
    expect(aggregates).toEqual<SloAggregate[]>([
      {
        kind: 'availability',
        granularity: 'hour',
        bucketStart: T0,
        measurements: 2,
        unavailable: 1,
        firstAt: T0 + 60_000,
        lastAt: T0 + 30 * 60_000,
        sample: true,
      },
      {
        kind: 'availability',
        granularity: 'hour',
        bucketStart: T0 + HOUR,
        measurements: 1,
        unavailable: 0,
        firstAt: T0 + HOUR,
        lastAt: T0 + HOUR,
        sample: false,
      },
      {
        kind: 'update',
        granularity: 'day',
        bucketStart: T0,
        measurements: 2,
        firstAt: T0 + 2 * HOUR,
        lastAt: T0 + 20 * HOUR,
        rowCountMin: 90,
        rowCountMax: 100,
        rowCountLast: 90,
        maxGapMs: 18 * HOUR,
        sample: false,
      },
      {
        kind: 'update',
        granularity: 'day',
        bucketStart: T0 + DAY,
        measurements: 1,
        firstAt: T0 + DAY + HOUR,
        lastAt: T0 + DAY + HOUR,
        rowCountMin: 120,
        rowCountMax: 120,
        rowCountLast: 120,
        maxGapMs: 5 * HOUR,
        sample: false,
      },
    ]);
  });
});

describe('DatabaseSloStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore(databaseId: string) {
    const knex: Knex = await databases.init(databaseId as any);
    await applyDatabaseMigrations(knex);
    return { knex, store: new DatabaseSloStore(knex) };
  }

  it.each(databases.eachSupportedId())(
    'stores measurements once, and reads a window by range with both ends included, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const received = new Date(T0 + DAY);

      const first = await store.insertMeasurements(
        [
          check(T0),
          check(T0 + HOUR, false),
          check(T0 + 2 * HOUR),
          update(T0 + 90 * 60_000, 9_007_199_254_740),
          update(T0 + 3 * HOUR),
          // repeated inside the batch
          check(T0),
        ],
        received,
      );
      expect(first).toEqual({ accepted: 5, duplicates: 1 });

      // Re-sent (with another case in the ref), plus one new.
      const second = await store.insertMeasurements(
        [
          { ...check(T0 + HOUR, true), dataset: 'Dataset:default/Orders' },
          check(T0 + 4 * HOUR),
        ],
        received,
      );
      expect(second).toEqual({ accepted: 1, duplicates: 1 });

      const window = await store.listMeasurements(ORDERS, {
        from: T0 + HOUR,
        to: T0 + 3 * HOUR,
      });
      expect(window).toEqual([
        {
          kind: 'availability',
          at: T0 + HOUR,
          available: false,
          source: 'api',
        },
        {
          kind: 'update',
          at: T0 + 90 * 60_000,
          rowCount: 9_007_199_254_740,
          source: 'api',
        },
        {
          kind: 'availability',
          at: T0 + 2 * HOUR,
          available: true,
          source: 'api',
        },
        { kind: 'update', at: T0 + 3 * HOUR, source: 'api' },
      ]);
      expect(
        await store.listMeasurements('DATASET:default/ORDERS', {
          from: T0,
          to: T0 + 10 * HOUR,
          kind: 'availability',
        }),
      ).toHaveLength(4);
      expect(
        await store.listMeasurements('dataset:default/other', {
          from: T0,
          to: T0 + 10 * HOUR,
        }),
      ).toEqual([]);
      expect(await store.latestMeasurementAt(ORDERS, 'availability')).toBe(
        T0 + 4 * HOUR,
      );
      expect(await store.hasMeasurementsNotFrom(ORDERS, 'sample')).toBe(true);
      expect(await store.hasMeasurementsNotFrom(ORDERS, 'api')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'finds the last updates before a window, oldest first, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.insertMeasurements(
        Array.from({ length: 10 }, (_, i) => update(T0 + i * DAY, 100 + i)),
        new Date(T0),
      );
      const before = await store.listUpdatesBefore(ORDERS, T0 + 8 * DAY, 3);
      expect(before.map(m => m.rowCount)).toEqual([105, 106, 107]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls old measurements up into aggregates, merges a later roll-up of the same bucket, and expires aggregates, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.insertMeasurements(
        [
          check(T0 + 5 * 60_000),
          check(T0 + 35 * 60_000, false),
          update(T0 + 2 * HOUR, 1000),
          update(T0 + 20 * HOUR, 1100),
          check(T0 + 2 * DAY),
        ],
        new Date(T0),
      );
      expect(await store.compact(ORDERS, T0 + DAY)).toBe(4);
      expect(
        await store.listMeasurements(ORDERS, { from: 0, to: T0 + 10 * DAY }),
      ).toHaveLength(1);

      // A late check of an already rolled-up hour, rolled up later.
      await store.insertMeasurements([check(T0 + 50 * 60_000)], new Date(T0));
      expect(await store.compact(ORDERS, T0 + DAY)).toBe(1);
      expect(await store.compact(ORDERS, T0 + DAY)).toBe(0);

      const hourly = await store.listAggregates(ORDERS, {
        kind: 'availability',
        from: T0,
        to: T0 + DAY,
      });
      expect(hourly).toEqual([
        expect.objectContaining({
          granularity: 'hour',
          bucketStart: T0,
          measurements: 3,
          unavailable: 1,
          firstAt: T0 + 5 * 60_000,
          lastAt: T0 + 50 * 60_000,
        }),
      ]);
      const daily = await store.listAggregates(ORDERS, {
        kind: 'update',
        from: T0,
        to: T0 + DAY,
      });
      expect(daily).toEqual([
        expect.objectContaining({
          granularity: 'day',
          measurements: 2,
          rowCountMin: 1000,
          rowCountMax: 1100,
          rowCountLast: 1100,
          maxGapMs: 18 * HOUR,
        }),
      ]);
      expect(
        await store.listDatasetsWithMeasurementsBefore(T0 + 3 * DAY),
      ).toEqual([ORDERS]);

      expect(await store.deleteAggregatesBefore(T0 + 1)).toBe(2);
      expect(
        await store.listAggregates(ORDERS, {
          kind: 'availability',
          from: 0,
          to: T0 + 10 * DAY,
        }),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    "holds a year of hourly points per dataset and reads one dataset's month by range, %p",
    async databaseId => {
      const { store } = await createStore(databaseId);
      const datasets = ['a', 'b', 'c'].map(n => `dataset:default/${n}`);
      const hours = 365 * 24;
      for (const dataset of datasets) {
        await store.insertAggregates(
          dataset,
          Array.from({ length: hours }, (_, i) => ({
            kind: 'availability' as const,
            granularity: 'hour' as const,
            bucketStart: T0 + i * HOUR,
            measurements: 1,
            unavailable: i % 100 === 0 ? 1 : 0,
            firstAt: T0 + i * HOUR,
            lastAt: T0 + i * HOUR,
            sample: false,
          })),
        );
      }
      const month = await store.listAggregates('dataset:default/b', {
        kind: 'availability',
        from: T0 + 100 * DAY,
        to: T0 + 130 * DAY - 1,
      });
      expect(month).toHaveLength(30 * 24);
      expect(month[0].bucketStart).toBe(T0 + 100 * DAY);
      // hours 2400, 2500, ..., 3100 of the year
      expect(month.filter(a => a.unavailable === 1)).toHaveLength(8);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps at most one open breach per SLO and records its close, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const opened = await store.openBreach({
        dataset: 'Dataset:default/Orders',
        kind: 'availability',
        target: 99.5,
        sli: 98.75,
        at: T0,
        sample: false,
      });
      expect(opened).toMatchObject({
        dataset: ORDERS,
        kind: 'availability',
        target: 99.5,
        sliAtOpen: 98.75,
        openedAt: new Date(T0).toISOString(),
        sample: false,
      });
      expect(
        await store.openBreach({
          dataset: ORDERS,
          kind: 'availability',
          target: 99.5,
          sli: 98,
          at: T0 + HOUR,
          sample: false,
        }),
      ).toBeUndefined();
      // Another SLO of the same dataset opens on its own.
      expect(
        await store.openBreach({
          dataset: ORDERS,
          kind: 'freshness',
          target: 95,
          sli: 90,
          at: T0 + HOUR,
          sample: true,
        }),
      ).toBeDefined();
      expect(await store.listOpenBreaches([ORDERS])).toHaveLength(2);

      await store.markNotified(opened!.id, 'open', new Date(T0 + 1000));
      expect(
        await store.closeBreach(opened!.id, { sli: 99.6, at: T0 + DAY }),
      ).toBe(true);
      expect(
        await store.closeBreach(opened!.id, { sli: 99.7, at: T0 + 2 * DAY }),
      ).toBe(false);

      const reopened = await store.openBreach({
        dataset: ORDERS,
        kind: 'availability',
        target: 99.5,
        sli: 99,
        at: T0 + 3 * DAY,
        sample: false,
      });
      expect(reopened?.id).not.toBe(opened!.id);

      const all = await store.listBreaches(ORDERS, { limit: 10 });
      expect(all.map(b => [b.kind, b.openedAt, b.closedAt ?? null])).toEqual([
        ['availability', new Date(T0 + 3 * DAY).toISOString(), null],
        ['freshness', new Date(T0 + HOUR).toISOString(), null],
        [
          'availability',
          new Date(T0).toISOString(),
          new Date(T0 + DAY).toISOString(),
        ],
      ]);
      expect(all[2]).toMatchObject({
        sliAtClose: 99.6,
        notifiedOpenAt: new Date(T0 + 1000).toISOString(),
      });
      expect(await store.hasBreaches(ORDERS)).toBe(true);
      expect(await store.hasBreaches('dataset:default/other')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'stops and resumes monitoring, and remembers where collectors left off, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      expect(await store.isMonitored(ORDERS)).toBe(true);
      await store.setMonitoring(
        [ORDERS, 'dataset:default/lines'],
        false,
        new Date(T0),
      );
      await store.setMonitoring([ORDERS], false, new Date(T0 + 1));
      expect(await store.isMonitored('DATASET:default/orders')).toBe(false);
      expect([...(await store.listStoppedDatasets())].sort()).toEqual([
        'dataset:default/lines',
        ORDERS,
      ]);
      await store.setMonitoring([ORDERS], true, new Date(T0 + 2));
      expect(await store.isMonitored(ORDERS)).toBe(true);

      expect(await store.getCollectedUntil('aws-glue')).toBeUndefined();
      await store.setCollectorState('aws-glue', {
        collectedUntil: T0,
        at: new Date(T0),
      });
      await store.setCollectorState('aws-glue', {
        collectedUntil: T0 + HOUR,
        at: new Date(T0 + HOUR),
      });
      expect(await store.getCollectedUntil('aws-glue')).toBe(T0 + HOUR);
    },
  );
});
