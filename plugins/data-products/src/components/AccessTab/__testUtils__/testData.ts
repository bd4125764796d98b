/*
 * Sample requests and entities for the access views' tests: sales-forecast
 * (team-sales) asks for carrier-performance (team-logistics, restricted).
 */
import type {
  AccessRequest,
  AccessRequestStatus,
  DataProductEntity,
  DatasetEntity,
  ListAccessRequestsRequest,
  ListAccessRequestsResponse,
} from '@meshport/plugin-data-products-common';
import type { AccessRequestsApi } from '@meshport/plugin-data-products-react';

export const GUEST = 'user:default/guest';
export const ERIN = 'user:default/erin';
export const DATASET_REF = 'dataset:default/carrier-performance';
export const FORECAST_REF = 'dataproduct:default/sales-forecast';

export const carrierPerformance: DatasetEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'carrier-performance', namespace: 'default' },
  spec: {
    dataProduct: 'logistics-shipments',
    owner: 'team-logistics',
    access: 'restricted',
    lifecycle: 'production',
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-logistics' },
    { type: 'outputOf', targetRef: 'dataproduct:default/logistics-shipments' },
  ],
};

export const logisticsShipments: DataProductEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'logistics-shipments', namespace: 'default' },
  spec: {
    owner: 'team-logistics',
    domain: 'logistics',
    environments: ['dev', 'prd'],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-logistics' },
    { type: 'hasOutput', targetRef: 'dataset:default/shipments' },
    { type: 'hasOutput', targetRef: 'dataset:default/carrier-performance' },
  ],
};

export const salesForecast: DataProductEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: {
    name: 'sales-forecast',
    namespace: 'default',
    title: 'Sales forecast',
  },
  spec: {
    owner: 'team-sales',
    domain: 'sales',
    environments: ['dev', 'prd'],
    inputPorts: [
      { dataset: 'carrier-performance', purpose: 'Delivery delays' },
      { dataset: 'order-lines', purpose: 'Past sales per channel' },
    ],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-sales' },
    { type: 'hasOutput', targetRef: 'dataset:default/sales-forecast-weekly' },
  ],
};

export const customer360: DataProductEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'customer-360', namespace: 'default' },
  spec: { owner: 'team-sales', domain: 'sales' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-sales' }],
};

let counter = 0;
export function accessRequest(
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    consumer: FORECAST_REF,
    dataset: DATASET_REF,
    environments: ['dev'],
    purpose: 'Delivery delays as a forecast driver',
    requestedDuration: '90d',
    requester: GUEST,
    status: 'pending',
    createdAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    ...overrides,
  };
}

/** Filters like the server would (status, dataset, consumer, mine), paged. */
export function listFrom(requests: AccessRequest[], me = GUEST) {
  return async (
    request: ListAccessRequestsRequest,
  ): Promise<ListAccessRequestsResponse> => {
    const statuses: AccessRequestStatus[] | undefined =
      request.status === undefined ? undefined : [request.status].flat();
    const matching = requests.filter(
      r =>
        (!statuses || statuses.includes(r.status)) &&
        (!request.dataset || r.dataset === request.dataset) &&
        (!request.consumer || r.consumer === request.consumer) &&
        (!request.mine || r.requester === me) &&
        (!request.awaitingMyDecision ||
          (r.status === 'pending' && r.requester !== me)),
    );
    const offset = request.offset ?? 0;
    const limit = request.limit ?? 20;
    return {
      items: matching.slice(offset, offset + limit),
      totalCount: matching.length,
    };
  };
}

/**
 * An in-memory server: mutations change `requests`, so that a view that
 * reloads after a change shows the new state, and one that doesn't, the old.
 */
export function mockAccessApi(
  requests: AccessRequest[],
  overrides: Partial<AccessRequestsApi> = {},
  me = GUEST,
): jest.Mocked<AccessRequestsApi> {
  const update = (id: string, patch: Partial<AccessRequest>) => {
    const index = requests.findIndex(r => r.id === id);
    requests[index] = { ...requests[index], ...patch };
    return requests[index];
  };
  return {
    createAccessRequest: jest.fn(async body => {
      const created = accessRequest({
        consumer: body.consumer,
        dataset: body.dataset,
        environments: body.environments ?? ['dev', 'prd'],
        purpose: body.purpose,
        requestedDuration: body.duration,
        requester: me,
      });
      requests.push(created);
      return created;
    }),
    listAccessRequests: jest.fn(listFrom(requests, me)),
    getAccessRequest: jest.fn(async (id: string) => {
      return requests.find(r => r.id === id)!;
    }),
    approveAccessRequest: jest.fn(async (id: string) =>
      update(id, { status: 'approved', decidedBy: me }),
    ),
    denyAccessRequest: jest.fn(async (id: string) =>
      update(id, { status: 'denied', decidedBy: me }),
    ),
    cancelAccessRequest: jest.fn(async (id: string) =>
      update(id, { status: 'cancelled' }),
    ),
    revokeAccessRequest: jest.fn(async (id: string) =>
      update(id, { status: 'revoked' }),
    ),
    renewAccessRequest: jest.fn(async (id: string) => {
      const renewal = accessRequest({ renewalOf: id, requester: me });
      requests.push(renewal);
      return renewal;
    }),
    migrateAccessRequest: jest.fn(async (id: string, body = {}) => {
      const previous = requests.find(r => r.id === id)!;
      const moved = accessRequest({
        consumer: previous.consumer,
        dataset: body.successor,
        environments: previous.environments,
        status: 'approved',
        requester: me,
      });
      requests.push(moved);
      return {
        outcome: 'moved' as const,
        request: moved,
        previous: update(id, { validUntil: '2027-03-02T00:00:00.000Z' }),
      };
    }),
    getAccessRequestHistory: jest.fn(async () => ({ items: [] })),
    ...overrides,
  } as jest.Mocked<AccessRequestsApi>;
}

/** A rejection shaped like the client's ResponseError. */
export function responseError(
  statusCode: number,
  name: string,
  message: string,
) {
  return Object.assign(new Error(`Request failed with ${statusCode}`), {
    name: 'ResponseError',
    statusCode,
    cause: Object.assign(new Error(message), { name }),
  });
}
