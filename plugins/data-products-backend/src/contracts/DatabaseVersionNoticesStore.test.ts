import { TestDatabases } from '@backstage/backend-test-utils';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseVersionNoticesStore } from './DatabaseVersionNoticesStore';

jest.setTimeout(60_000);

describe('DatabaseVersionNoticesStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'claims each notice once, even when two replicas race, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = new DatabaseVersionNoticesStore(knex);
      const notice = {
        dataset: 'dataset:default/orders',
        successor: 'dataset:default/orders-v2',
        consumer: 'dataproduct:default/customer-360',
        sunset: '2027-01-31',
      };
      const at = new Date('2026-12-05T12:00:00Z');
      const claims = await Promise.all([
        store.claimNotice(notice, at),
        new DatabaseVersionNoticesStore(knex).claimNotice(notice, at),
      ]);
      expect(claims.sort()).toEqual([false, true]);
      expect(await store.claimNotice(notice, at)).toBe(false);
      expect(
        await store.claimNotice(
          { ...notice, consumer: 'dataproduct:default/finance-revenue' },
          at,
        ),
      ).toBe(true);
      expect(
        (await store.listNotices('dataset:default/orders')).map(
          n => n.consumer,
        ),
      ).toEqual([
        'dataproduct:default/customer-360',
        'dataproduct:default/finance-revenue',
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps and finds refs whatever their case, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = new DatabaseVersionNoticesStore(knex);
      const at = new Date('2026-12-05T12:00:00Z');
      // A row as the notices task has always written it: lowercase.
      await knex('contract_version_notices').insert({
        dataset: 'dataset:default/orders',
        successor: 'dataset:default/orders-v2',
        consumer: 'dataproduct:default/customer-360',
        sunset: '2027-01-31',
        notified_at: at,
      });
      // The same notice with the catalog's spelling is not sent twice.
      expect(
        await store.claimNotice(
          {
            dataset: 'Dataset:default/Orders',
            successor: 'Dataset:default/Orders-V2',
            consumer: 'DataProduct:default/Customer-360',
            sunset: '2027-01-31',
          },
          at,
        ),
      ).toBe(false);
      expect(await store.listNotices('Dataset:Default/Orders')).toEqual([
        {
          dataset: 'dataset:default/orders',
          successor: 'dataset:default/orders-v2',
          consumer: 'dataproduct:default/customer-360',
          sunset: '2027-01-31',
        },
      ]);
      await knex.destroy();
    },
  );
});
