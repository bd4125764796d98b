import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { computeConsumption, ConsumptionFacts, inputsOf } from './model';

const SHIPMENTS = 'dataset:default/shipments';
const ORDERS = 'dataset:default/orders';
const C360 = 'dataproduct:default/customer-360';
const CHURN = 'dataproduct:default/churn';
const ADS = 'dataproduct:default/ads';
const LOGISTICS = 'dataproduct:default/logistics';

function request(
  consumer: string,
  dataset: string,
  status: AccessRequest['status'],
  extra: Partial<AccessRequest> = {},
): AccessRequest {
  return {
    id: `${consumer}-${dataset}-${status}`,
    consumer,
    dataset,
    environments: ['dev'],
    purpose: 'reports',
    requester: 'user:default/erin',
    status,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...extra,
  };
}

function facts(over: Partial<ConsumptionFacts> = {}): ConsumptionFacts {
  return {
    products: [
      {
        ref: C360,
        title: 'Customer 360',
        inputs: [{ dataset: SHIPMENTS, purpose: 'delivery times' }],
      },
      { ref: CHURN, title: 'Churn', inputs: [] },
      { ref: ADS, title: 'Ads', inputs: [] },
      {
        ref: LOGISTICS,
        title: 'Logistics',
        inputs: [{ dataset: SHIPMENTS, purpose: 'its own' }],
      },
    ],
    datasets: [
      { ref: SHIPMENTS, title: 'Shipments', product: LOGISTICS },
      { ref: ORDERS, title: 'Orders', product: 'dataproduct:default/sales' },
    ],
    requests: [],
    undeclaredReads: [],
    ...over,
  };
}

describe('computeConsumption', () => {
  it('shows a declared input port without a request as declared', () => {
    const [entry, ...rest] = computeConsumption(facts(), [SHIPMENTS]);
    expect(rest).toEqual([]); // the producer's own port does not count
    expect(entry).toMatchObject({
      consumer: C360,
      consumerTitle: 'Customer 360',
      datasetTitle: 'Shipments',
      state: 'declared',
      declared: true,
      purpose: 'delivery times',
      grantedEnvironments: [],
      undeclaredGrant: false,
    });
    expect(entry.request).toBeUndefined();
  });

  it('shows a pending request as requested, with its status', () => {
    const [entry] = computeConsumption(
      facts({ requests: [request(C360, SHIPMENTS, 'pending')] }),
      [SHIPMENTS],
    );
    expect(entry.state).toBe('requested');
    expect(entry.request?.status).toBe('pending');
  });

  it('unions the environments of active grants and flags a grant without a port', () => {
    const result = computeConsumption(
      facts({
        requests: [
          request(CHURN, SHIPMENTS, 'granted', { environments: ['prd'] }),
          request(CHURN, SHIPMENTS, 'approved', {
            environments: ['dev'],
            createdAt: '2026-12-02T00:00:00.000Z',
          }),
          request(C360, SHIPMENTS, 'granted', { environments: ['dev'] }),
        ],
      }),
      [SHIPMENTS],
    );
    expect(result.map(r => [r.consumerTitle, r.state])).toEqual([
      ['Churn', 'granted'],
      ['Customer 360', 'granted'],
    ]);
    expect(result[0]).toMatchObject({
      grantedEnvironments: ['dev', 'prd'],
      undeclaredGrant: true,
      declared: false,
    });
    expect(result[0].request?.status).toBe('approved'); // the newest
    expect(result[1].undeclaredGrant).toBe(false);
  });

  it('shows the purpose a consumer asked with when it declares no port, the port purpose otherwise', () => {
    const result = computeConsumption(
      facts({
        requests: [
          request(CHURN, SHIPMENTS, 'pending', { purpose: 'churn scores' }),
          request(CHURN, SHIPMENTS, 'granted', {
            purpose: 'weekly churn report',
            createdAt: '2026-12-02T00:00:00.000Z',
          }),
          request(C360, SHIPMENTS, 'pending', { purpose: 'something else' }),
        ],
      }),
      [SHIPMENTS],
    );
    expect(result.map(r => [r.consumerTitle, r.purpose])).toEqual([
      ['Churn', 'weekly churn report'],
      ['Customer 360', 'delivery times'],
    ]);
  });

  it('adds a lineage read only when neither declared nor granted', () => {
    const result = computeConsumption(
      facts({
        requests: [request(CHURN, SHIPMENTS, 'granted')],
        undeclaredReads: [
          { dataset: SHIPMENTS, consumer: ADS },
          { dataset: SHIPMENTS, consumer: CHURN },
          { dataset: SHIPMENTS, consumer: C360 },
        ],
      }),
      [SHIPMENTS],
    );
    expect(
      result.map(r => [r.consumerTitle, r.state, r.undeclaredRead]),
    ).toEqual([
      ['Ads', 'read', true],
      ['Churn', 'granted', false],
      ['Customer 360', 'declared', false],
    ]);
  });

  it('leaves out datasets not asked about and names unknown refs by their name', () => {
    const result = computeConsumption(
      facts({
        requests: [
          request('dataproduct:default/ghost', ORDERS, 'granted'),
          request(CHURN, SHIPMENTS, 'pending'),
        ],
      }),
      ['Dataset:default/Orders'],
    );
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      consumerTitle: 'ghost',
      dataset: ORDERS,
    });
  });
});

describe('inputsOf', () => {
  it('lists declared ports and requests of the consumer only', () => {
    const result = inputsOf(
      facts({
        requests: [
          request(C360, ORDERS, 'pending'),
          request(CHURN, ORDERS, 'granted'),
        ],
      }),
      C360,
    );
    expect(result.map(r => [r.datasetTitle, r.state])).toEqual([
      ['Orders', 'requested'],
      ['Shipments', 'declared'],
    ]);
  });
});
