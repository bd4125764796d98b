/*
 * The plugin with the real AWS provisioner module, in plan mode (no AWS
 * calls): the provisioning page of a product shows its three roles in every
 * environment, with their trust and permission policies.
 */
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import awsProvisionerModule from '@meshport/plugin-data-products-backend-module-aws';
import request from 'supertest';
import { dataProductsPlugin } from '../plugin';
import {
  dataProduct,
  dataset,
  testEnvironmentsConfig,
} from '../testing/entities';

jest.setTimeout(60_000);

const CHURN = 'dataproduct:default/churn';

describe('the plugin with the AWS provisioner', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('shows the three roles of a product in every environment', async () => {
    const { server } = await startTestBackend({
      features: [
        dataProductsPlugin,
        awsProvisionerModule,
        mockServices.rootConfig.factory({
          data: { meshport: { environments: testEnvironmentsConfig } },
        }),
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({
          entities: [
            dataProduct('churn', {
              inputPorts: [{ dataset: 'orders-daily', purpose: 'churn model' }],
            }),
            dataProduct('orders'),
            dataset('orders-daily', 'orders'),
          ],
        }),
      ],
    });

    const response = await request(server).get(
      `/api/data-products/provisioning/plan?entityRef=${CHURN}`,
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ entityRef: CHURN, mode: 'plan' });
    const [aws] = response.body.provisioners;
    expect(aws.id).toBe('aws');
    // Without `resourcesOf` the AWS provisioner shows its whole desired state.
    const roles = (aws.resources.roles as any[]).filter(
      role => role.dataProduct === CHURN,
    );
    expect(roles.map(role => [role.environment, role.kind, role.name])).toEqual(
      [
        ['dev', 'consumer', 'meshport-churn-dev-consumer'],
        ['dev', 'service', 'meshport-churn-dev-service'],
        ['dev', 'owner', 'meshport-churn-dev-owner'],
        ['prd', 'consumer', 'meshport-churn-prd-consumer'],
        ['prd', 'service', 'meshport-churn-prd-service'],
        ['prd', 'owner', 'meshport-churn-prd-owner'],
      ],
    );
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
  });
});
