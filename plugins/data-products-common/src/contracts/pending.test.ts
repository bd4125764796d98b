import type { DatasetEntity } from '../types';
import { findPendingVersions } from './pending';

const NOW = new Date('2026-12-05T12:00:00Z');

const v1: DatasetEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'orders', title: 'Orders' },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'team-sales',
    access: 'restricted',
    lifecycle: 'deprecated',
    outputs: [{ type: 'glue', database: 'sales_orders', table: 'orders' }],
    schema: {
      columns: [
        { name: 'order_id', type: 'string', required: true, primaryKey: true },
        { name: 'channel', type: 'string' },
      ],
    },
  },
};

function successor(sunset: string, replaced = 'orders'): DatasetEntity {
  return {
    ...v1,
    metadata: { name: 'orders-v2', title: 'Orders v2' },
    spec: {
      ...v1.spec,
      lifecycle: 'production',
      version: '2.0.0',
      deprecates: { version: '1.0.0', sunset, dataset: replaced },
      outputs: [{ type: 'glue', database: 'sales_orders', table: 'orders_v2' }],
      schema: {
        columns: [
          {
            name: 'order_id',
            type: 'string',
            required: true,
            primaryKey: true,
          },
          { name: 'coupon', type: 'string' },
        ],
      },
    },
  };
}

describe('findPendingVersions', () => {
  it('lists the successor that replaces a dataset with every change, breaking first', () => {
    const [pending, ...rest] = findPendingVersions(
      v1,
      [v1, successor('2027-01-31')],
      { now: NOW },
    );
    expect(rest).toEqual([]);
    expect(pending).toMatchObject({
      successor: 'dataset:default/orders-v2',
      successorTitle: 'Orders v2',
      version: '2.0.0',
      sunset: '2027-01-31',
      noticeRespected: true,
    });
    expect(pending.changes.map(c => `${c.severity} ${c.kind}`)).toEqual([
      'breaking output-moved',
      'breaking column-removed',
      'non-breaking lifecycle-changed',
      'non-breaking version-changed',
      'non-breaking column-added',
    ]);
  });

  it('flags a sunset inside the notice period', () => {
    const [pending] = findPendingVersions(v1, [successor('2026-12-20')], {
      now: NOW,
    });
    expect(pending.noticeRespected).toBe(false);
    const [lenient] = findPendingVersions(v1, [successor('2026-12-20')], {
      now: NOW,
      noticePeriod: '7d',
    });
    expect(lenient.noticeRespected).toBe(true);
  });

  it('ignores datasets that replace another one, or nothing', () => {
    expect(
      findPendingVersions(v1, [successor('2027-01-31', 'order-lines'), v1], {
        now: NOW,
      }),
    ).toEqual([]);
    expect(
      findPendingVersions(
        v1,
        [successor('2027-01-31', 'dataset:finance/orders')],
        { now: NOW },
      ),
    ).toEqual([]);
  });
});
