/*
 * Hole 1 of issue #11, in the real catalog: a product repository on the
 * portal host whose catalog-info.yaml carries a Group with chosen members, a
 * Template and a `file` Location (pointing at a file with a User) besides
 * its DataProduct and Dataset. The portal's rules allow all of those kinds
 * (as app-config.yaml does for its own files); only the DataProduct and the
 * Dataset may ever reach the catalog: a file with any other kind is refused
 * as a whole (the catalog keeps nothing of it), each document named.
 */
import {
  createMockDirectory,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { startTestCatalog, waitFor } from '@internal/catalog-test-utils';
import catalogModuleDataProducts from '@meshport/plugin-catalog-backend-module-data-products';
import { catalogModuleMeshportLocalGit } from '../module';

jest.setTimeout(120_000);

const environments = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-dev-datalake' } },
    readsFrom: [],
  },
];

const productAndDataset = `apiVersion: meshport.io/v1alpha1
kind: DataProduct
metadata: { name: customer-churn }
spec: { owner: team-sales, domain: sales, environments: [dev] }
---
apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata: { name: churn-scores }
spec:
  dataProduct: customer-churn
  owner: team-sales
  access: restricted
  outputs: [{ type: s3, bucket: datalake, path: customer-churn/churn-scores/ }]
`;

describe('the catalog reading a local product repository', () => {
  const dir = createMockDirectory();

  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'refuses a file with a planted Group, Template or Location, naming each; registers the DataProduct and Dataset alone, %p',
    async databaseId => {
      dir.setContent({
        'elsewhere/user.yaml': `apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: planted-user }
spec: { memberOf: [team-sales] }
`,
        'git/checkouts/customer-churn/catalog-info.yaml': `${productAndDataset}---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: planted-admins }
spec: { type: team, children: [], members: [mallory] }
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: planted-template }
spec: { type: service, steps: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: { name: planted-location }
spec: { type: file, target: ${dir.resolve('elsewhere/user.yaml')} }
`,
      });
      const catalog = await startTestCatalog({
        database: await databases.init(databaseId),
        features: [catalogModuleDataProducts, catalogModuleMeshportLocalGit],
        config: {
          catalog: {
            rules: [
              {
                allow: [
                  'Group',
                  'User',
                  'Template',
                  'Location',
                  'DataProduct',
                  'Dataset',
                ],
              },
            ],
          },
          meshport: {
            environments,
            scaffolder: { localGit: { directory: dir.resolve('git') } },
          },
        },
      });
      const { processingErrors } = catalog;
      const fetchEntity = (kind: string, name: string) =>
        catalog.fetchEntity(`${kind}:${name}`);
      const names = () => catalog.entityNames();

      // The planted commit is refused as a whole, each foreign document named.
      const errors = await waitFor(async () =>
        processingErrors.length >= 3 ? processingErrors : undefined,
      );
      expect(errors).toEqual(
        expect.arrayContaining([
          "customer-churn/catalog-info.yaml document 3 (Group/planted-admins): kind: only meshport.io/v1alpha1 DataProduct and Dataset documents may be declared in a data product's repository (got backstage.io/v1alpha1 Group)",
          expect.stringContaining(
            'document 4 (Template/planted-template): kind: only',
          ),
          expect.stringContaining(
            'document 5 (Location/planted-location): kind: only',
          ),
        ]),
      );
      expect(await names()).toEqual([]);

      // Without the planted documents, the product and its dataset are catalogued.
      dir.addContent({
        'git/checkouts/customer-churn/catalog-info.yaml': `${productAndDataset}`,
      });
      await catalog.refresh('location:default/local-git-customer-churn');
      await waitFor(() => fetchEntity('dataset', 'churn-scores'));
      expect(await names()).toEqual([
        'DataProduct/customer-churn',
        'Dataset/churn-scores',
        'Location/local-git-customer-churn',
      ]);
      expect(await fetchEntity('user', 'planted-user')).toBeUndefined();
      await catalog.stop();
    },
  );
});
