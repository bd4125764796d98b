import type { StoredAccessRequest } from './DatabaseAccessRequestStore';
import { buildAccessNotification, datasetAccessLink } from './notifications';

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
        description:
          'user:default/alice asks for dev, prd for 90d: Churn features',
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
      payload: { description: 'user:default/bob denied the request. Note: no' },
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
});
