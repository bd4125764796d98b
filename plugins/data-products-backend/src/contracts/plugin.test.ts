import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { parse } from 'yaml';
import {
  authHeader,
  startAccessBackend,
} from '../access/__testUtils__/backend';

jest.setTimeout(60_000);

describe('the contracts routes in the whole plugin', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'serves ODCS and ODPS under /api/data-products/contracts, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startAccessBackend({ knex });
      const contract = await request(server)
        .get('/api/data-products/contracts/default/orders-daily?format=odcs')
        .set('Authorization', authHeader('user:default/carol'));
      expect(contract.status).toBe(200);
      expect(parse(contract.text)).toMatchObject({
        kind: 'DataContract',
        id: 'dataset:default/orders-daily',
        dataProduct: 'orders',
      });
      const product = await request(server)
        .get('/api/data-products/contracts/default/orders?format=odps')
        .set('Authorization', authHeader('user:default/carol'))
        .set('Accept', 'application/json');
      expect(product.status).toBe(200);
      expect(
        product.body.outputPorts.map((p: { name: string }) => p.name),
      ).toContain('orders-daily');
      const anonymous = await request(server)
        .get('/api/data-products/contracts/default/orders-daily')
        .set('Authorization', authHeader());
      expect(anonymous.status).toBe(401);
    },
  );
});
