import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseVersionNoticesStore } from './DatabaseVersionNoticesStore';
import { VersionNoticesService } from './VersionNoticesService';

jest.setTimeout(60_000);

const dataset = (name: string, spec: object = {}): Entity => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: {
    name,
    namespace: 'default',
    title: name === 'orders' ? 'Orders' : 'Orders v2',
  },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'team-sales',
    access: 'restricted',
    outputs: [
      { type: 'glue', database: 'sales_orders', table: name.replace('-', '_') },
    ],
    ...spec,
  },
});

const product = (
  name: string,
  owner: string,
  inputs: string[] = [],
): Entity => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name, namespace: 'default', title: name },
  spec: {
    owner,
    domain: 'sales',
    inputPorts: inputs.map(input => ({ dataset: input, purpose: 'reports' })),
  },
});

const entities = [
  product('sales-orders', 'team-sales'),
  product('customer-360', 'team-marketing', ['orders']),
  product('finance-revenue', 'team-finance'),
  dataset('orders', { lifecycle: 'deprecated' }),
  dataset('orders-v2', {
    version: '2.0.0',
    deprecates: { version: '1.0.0', sunset: '2027-01-31', dataset: 'orders' },
  }),
];

describe('VersionNoticesService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'tells every consumer of a replaced dataset once, with what breaks, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const sent: NotificationSendOptions[] = [];
      const grants = {
        listActiveForDatasets: jest.fn(async () => [
          { consumer: 'dataproduct:default/finance-revenue' } as AccessRequest,
          { consumer: 'dataproduct:default/customer-360' } as AccessRequest,
        ]),
      };
      const service = () =>
        new VersionNoticesService({
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          store: new DatabaseVersionNoticesStore(knex),
          logger: mockServices.logger.mock(),
          noticePeriod: '30d',
          grants,
          notifications: {
            send: async n => {
              sent.push(n);
            },
          },
          clock: () => new Date('2026-12-05T12:00:00Z'),
        });

      expect(await service().notifyConsumers()).toEqual({ sent: 2 });
      expect(grants.listActiveForDatasets).toHaveBeenCalledWith([
        'dataset:default/orders',
      ]);
      expect(sent.map(n => n.recipients)).toEqual([
        { type: 'entity', entityRef: 'group:default/team-marketing' },
        { type: 'entity', entityRef: 'group:default/team-finance' },
      ]);
      expect(sent[0].payload).toEqual({
        title: 'Orders: version 2.0.0 replaces it on 31 January 2027',
        description:
          "customer-360 reads Orders, which stops on 31 January 2027. Move to Orders v2 before then: accept “Migrate to v2” on customer-360's Access tab. What breaks: Output glue:sales_orders.orders moved to glue:sales_orders.orders_v2. Other changes: Lifecycle changed from deprecated to unset. Version changed from 1.0.0 to 2.0.0.",
        link: '/catalog/default/dataproduct/customer-360/access',
        topic: 'data-contracts',
        severity: 'high',
      });

      // A second pass, or another replica, sends nothing new.
      expect(await service().notifyConsumers()).toEqual({ sent: 0 });
      expect(sent).toHaveLength(2);
      await knex.destroy();
    },
  );
});
