/*
 * The plugin with the real AWS provisioner module, in plan mode (no AWS
 * calls): the provisioning page of a product shows its three roles in every
 * environment, with their trust and permission policies.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import awsProvisionerModule from '@meshport/plugin-data-products-backend-module-aws';
import request from 'supertest';
import {
  authHeader,
  startDataProductsTestBackend,
} from '../__testUtils__/testBackend';
import { dataProduct, dataset } from '../testing/entities';

jest.setTimeout(60_000);

const CHURN = 'dataproduct:default/churn';

describe('the plugin with the AWS provisioner', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'shows the three roles of a product in every environment, %p',
    async databaseId => {
      const { server } = await startDataProductsTestBackend({
        knex: await databases.init(databaseId),
        features: [awsProvisionerModule],
        entities: [
          dataProduct('churn', {
            inputPorts: [{ dataset: 'orders-daily', purpose: 'churn model' }],
          }),
          dataProduct('orders'),
          dataset('orders-daily', 'orders'),
        ],
        ownershipOf: () => [],
      });

      const response = await request(server)
        .get(`/api/data-products/provisioning/plan?entityRef=${CHURN}`)
        .set('Authorization', authHeader('user:default/alice'));

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ entityRef: CHURN, mode: 'plan' });
      const [aws] = response.body.provisioners;
      expect(aws.id).toBe('aws');
      // Without `resourcesOf` the AWS provisioner shows its whole desired state.
      const roles = (aws.resources.roles as any[]).filter(
        role => role.dataProduct === CHURN,
      );
      expect(
        roles.map(role => [role.environment, role.kind, role.name]),
      ).toEqual([
        ['dev', 'consumer', 'meshport-churn-dev-consumer'],
        ['dev', 'service', 'meshport-churn-dev-service'],
        ['dev', 'owner', 'meshport-churn-dev-owner'],
        ['prd', 'consumer', 'meshport-churn-prd-consumer'],
        ['prd', 'service', 'meshport-churn-prd-service'],
        ['prd', 'owner', 'meshport-churn-prd-owner'],
      ]);
      for (const role of roles) {
        expect(role).toMatchObject({
          arn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\/meshport\//),
          purpose: expect.any(String),
          trustPolicy: { Version: '2012-10-17' },
        });
        expect(
          [...role.managedPolicies, ...role.inlinePolicies].every(
            (policy: any) => policy.document.Version === '2012-10-17',
          ),
        ).toBe(true);
      }
    },
  );
});
