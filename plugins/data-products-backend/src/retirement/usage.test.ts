import { mockServices } from '@backstage/backend-test-utils';
import type {
  AccessRequest,
  Consumption,
} from '@meshport/plugin-data-products-common';
import { readUsage, UsageSources } from './usage';

const C360 = 'dataproduct:default/customer-360';
const SHIPMENTS = 'dataset:default/shipments';
const PROFILES = 'dataset:default/profiles';

function request(
  consumer: string,
  dataset: string,
  over: Partial<AccessRequest> = {},
): AccessRequest {
  return {
    id: `${consumer}|${dataset}`,
    consumer,
    dataset,
    environments: ['dev'],
    purpose: 'delivery times per customer',
    requester: 'user:default/erin',
    status: 'granted',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-02T00:00:00.000Z',
    ...over,
  };
}

function pair(consumer: string, dataset: string, titles: string[]) {
  return {
    consumer,
    consumerTitle: titles[0],
    dataset,
    datasetTitle: titles[1],
    state: 'granted',
    declared: true,
    grantedEnvironments: ['dev'],
    undeclaredGrant: false,
    undeclaredRead: false,
  } as Consumption;
}

function sources(over: Partial<UsageSources> = {}): UsageSources {
  return {
    accessGrants: {
      listActiveForDatasets: async () => [],
      listActiveForConsumer: async () => [request(C360, SHIPMENTS)],
    } as unknown as UsageSources['accessGrants'],
    provisioning: { latestRunOf: async () => undefined },
    consumers: {
      consumersOf: async (datasets: string[]) =>
        datasets.includes(SHIPMENTS)
          ? [pair(C360, SHIPMENTS, ['Customer 360', 'Shipments'])]
          : [],
    },
    logger: mockServices.logger.mock(),
    ...over,
  };
}

describe('readUsage: last activity', () => {
  it("names the product's own input grant by the product's and the dataset's titles", async () => {
    const usage = await readUsage(sources(), C360, [PROFILES]);
    expect(usage.lastActivity).toEqual([
      {
        source: 'access-request',
        at: '2026-12-02T00:00:00.000Z',
        description: 'Customer 360 was granted access to Shipments',
      },
    ]);
  });

  it('falls back to the names when the consumption model cannot say', async () => {
    const usage = await readUsage(
      sources({
        consumers: {
          consumersOf: async () => {
            throw new Error('catalog down');
          },
        },
      }),
      C360,
      [],
    );
    expect(usage.lastActivity[0].description).toBe(
      'customer-360 was granted access to shipments',
    );
  });
});
