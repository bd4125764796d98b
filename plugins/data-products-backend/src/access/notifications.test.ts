import type { StoredAccessRequest } from './DatabaseAccessRequestStore';
import {
  AccessNotifier,
  buildAccessNotification,
  datasetAccessLink,
  durationWords,
} from './notifications';

/** The names the catalog gives (titles, display names). */
const NAMES = new Map([
  ['dataproduct:default/churn', 'Churn model'],
  ['dataset:analytics/orders-daily', 'Daily orders'],
  ['user:default/alice', 'Alice Martin'],
  ['user:default/bob', 'Bob Stone'],
]);

/** What no person should read in a notification: refs, UUIDs, ISO timestamps, duration codes. */
const RAW =
  /[a-z]+:(?:default|analytics)\/|[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\dT|\b\d+[mhd]\b/;

const request: StoredAccessRequest = {
  id: '00000000-0000-4000-8000-000000000001',
  consumer: 'dataproduct:default/churn',
  consumerOwner: 'group:default/team-sales',
  dataset: 'dataset:analytics/orders-daily',
  datasetOwner: 'group:default/team-finance',
  environments: ['dev', 'prd'],
  purpose: 'Churn features',
  requestedDuration: '90d',
  requester: 'user:default/alice',
  status: 'pending',
  createdAt: '2026-06-01T00:00:00.000Z',
  updatedAt: '2026-06-01T00:00:00.000Z',
};

describe('access notifications', () => {
  it("links to the dataset's Access tab", () => {
    expect(datasetAccessLink('dataset:default/orders')).toBe(
      '/catalog/default/dataset/orders/access',
    );
    expect(datasetAccessLink('Dataset:Analytics/Orders')).toBe(
      '/catalog/Analytics/dataset/Orders/access',
    );
  });

  it('tells the dataset owners about a new request, never the requester', () => {
    expect(
      buildAccessNotification('requested', request, 'user:default/alice'),
    ).toEqual({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-finance'],
        excludeEntityRef: 'user:default/alice',
      },
      payload: {
        title: 'churn requests access to analytics/orders-daily',
        description: 'alice asks for dev, prd for 90 days: Churn features',
        link: '/catalog/analytics/dataset/orders-daily/access',
        topic: 'data-products-access',
        severity: 'normal',
      },
    });
  });

  it('tells the requester about a decision, unless they made it', () => {
    expect(
      buildAccessNotification('denied', request, 'user:default/bob', 'no'),
    ).toMatchObject({
      recipients: {
        entityRef: ['user:default/alice'],
        excludeEntityRef: 'user:default/bob',
      },
      payload: { description: 'bob denied the request. Note: no' },
    });
    expect(
      buildAccessNotification('approved', request, 'user:default/alice'),
    ).toBeUndefined();
  });

  it('tells the consumer (its owners and the requester) when the system ends a grant', () => {
    expect(
      buildAccessNotification(
        'expiring',
        { ...request, validUntil: '2026-08-30T00:00:00.000Z' },
        'system',
      ),
    ).toMatchObject({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-sales', 'user:default/alice'],
      },
      payload: {
        title: 'Access of churn to analytics/orders-daily ends soon',
        severity: 'high',
      },
    });
  });

  it('names everyone by the name the catalog gives, days and durations in words', () => {
    const kinds = [
      'requested',
      'auto-approved',
      'cancelled',
      'approved',
      'denied',
      'revoked',
      'expiring',
      'expired',
      'migrated',
    ] as const;
    const granted = { ...request, validUntil: '2026-08-30T00:00:00.000Z' };
    for (const kind of kinds) {
      const sent = buildAccessNotification(
        kind,
        granted,
        kind === 'expiring' || kind === 'expired'
          ? 'system'
          : 'user:default/bob',
        undefined,
        NAMES,
      )!;
      expect(`${sent.payload.title} ${sent.payload.description}`).not.toMatch(
        RAW,
      );
    }
    expect(
      buildAccessNotification(
        'approved',
        granted,
        'user:default/bob',
        undefined,
        NAMES,
      )!.payload,
    ).toMatchObject({
      title: 'Access to Daily orders approved for Churn model',
      description:
        "Bob Stone approved the request until 30 August 2026; the consumer's roles are being provisioned.",
    });
    expect(
      buildAccessNotification('expiring', granted, 'system', undefined, NAMES)!
        .payload.description,
    ).toBe(
      "The grant ends on 30 August 2026. Renew it from the dataset's Access tab to keep reading.",
    );
    expect(
      buildAccessNotification(
        'requested',
        request,
        'user:default/alice',
        undefined,
        NAMES,
      )!.payload,
    ).toMatchObject({
      title: 'Churn model requests access to Daily orders',
      description: 'Alice Martin asks for dev, prd for 90 days: Churn features',
    });
  });

  it('says durations in words', () => {
    expect(durationWords('90d')).toBe('90 days');
    expect(durationWords('1h')).toBe('1 hour');
    expect(durationWords('30m')).toBe('30 minutes');
    expect(durationWords('weird')).toBe('weird');
  });

  it('sends with the names it looks up, and with names when the lookup fails', async () => {
    const send = jest.fn(async () => {});
    const logger = { warn: jest.fn() } as any;
    const named = new AccessNotifier({
      notifications: { send } as any,
      logger,
      names: async refs =>
        new Map(refs.filter(r => NAMES.has(r)).map(r => [r, NAMES.get(r)!])),
    });
    await named.notify('denied', request, 'user:default/bob', 'no');
    expect(send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'Access to Daily orders denied for Churn model',
          description: 'Bob Stone denied the request. Note: no',
        }),
      }),
    );
    const failing = new AccessNotifier({
      notifications: { send } as any,
      logger,
      names: async () => {
        throw new Error('catalog down');
      },
    });
    await failing.notify('denied', request, 'user:default/bob', 'no');
    expect(send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'Access to analytics/orders-daily denied for churn',
        }),
      }),
    );
  });
});
