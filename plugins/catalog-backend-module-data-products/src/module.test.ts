import {
  createMockDirectory,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { startTestCatalog, waitFor } from '@internal/catalog-test-utils';
import { catalogModuleDataProducts } from './module';

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

const catalogYaml = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-sales }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata: { name: sales }
spec: { owner: team-sales }
---
apiVersion: meshport.io/v1alpha1
kind: DataProduct
metadata: { name: sales-orders }
spec:
  owner: team-sales
  domain: sales
  environments: [dev]
  inputPorts:
    - dataset: orders
      purpose: Reconcile our own output
---
apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata: { name: orders }
spec:
  dataProduct: sales-orders
  owner: team-sales
  access: restricted
  outputs:
    - { type: s3, bucket: datalake, path: sales/orders/ }
---
apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata: { name: broken-orders }
spec:
  dataProduct: sales-orders
  owner: team-sales
  access: public
  outputs:
    - { type: s3, bucket: lake, path: sales/broken/ }
`;

describe('catalogModuleDataProducts', () => {
  const mockDir = createMockDirectory();

  afterEach(() => mockDir.clear());

  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'catalogs valid data products with their relations and rejects only the invalid one, %p',
    async databaseId => {
      mockDir.setContent({ 'all.yaml': catalogYaml });
      const catalog = await startTestCatalog({
        database: await databases.init(databaseId),
        features: [catalogModuleDataProducts],
        config: {
          catalog: {
            rules: [
              {
                allow: [
                  'Group',
                  'Domain',
                  'DataProduct',
                  'Dataset',
                  'Location',
                ],
              },
            ],
            locations: [{ type: 'file', target: mockDir.resolve('all.yaml') }],
          },
          meshport: { environments },
        },
      });
      const { processingErrors } = catalog;
      const fetchEntity = (kind: string, name: string) =>
        catalog.fetchEntity(`${kind}:${name}`);
      const relationsOf = (entity: Entity) =>
        (entity.relations ?? []).map(r => `${r.type} ${r.targetRef}`).sort();

      // Wait until stitching has attached the relations emitted by the other side too.
      const product = await waitFor(async () => {
        const entity = await fetchEntity('dataproduct', 'sales-orders');
        return entity && relationsOf(entity).length === 4 ? entity : undefined;
      });
      expect(relationsOf(product)).toEqual([
        'consumes dataset:default/orders',
        'hasOutput dataset:default/orders',
        'ownedBy group:default/team-sales',
        'partOf domain:default/sales',
      ]);

      const dataset = await waitFor(async () => {
        const entity = await fetchEntity('dataset', 'orders');
        return entity && relationsOf(entity).length === 3 ? entity : undefined;
      });
      expect(relationsOf(dataset)).toEqual([
        'consumedBy dataproduct:default/sales-orders',
        'outputOf dataproduct:default/sales-orders',
        'ownedBy group:default/team-sales',
      ]);

      const group = await waitFor(() => fetchEntity('group', 'team-sales'));
      expect(relationsOf(group)).toEqual(
        expect.arrayContaining([
          'ownerOf dataproduct:default/sales-orders',
          'ownerOf dataset:default/orders',
        ]),
      );

      const brokenError = await waitFor(async () =>
        processingErrors.find(message => message.includes('broken-orders')),
      );
      expect(brokenError).toContain(
        'Invalid Dataset dataset:default/broken-orders',
      );
      expect(brokenError).toContain(
        'spec.access: must be one of: unrestricted, restricted, private (got "public")',
      );
      expect(brokenError).toContain(
        'spec.outputs[0].bucket: unknown bucket "lake"',
      );
      expect(await fetchEntity('dataset', 'broken-orders')).toBeUndefined();
      await catalog.stop();
    },
  );

  it('refuses to start with a malformed meshport.environments, naming the field', async () => {
    await expect(
      startTestCatalog({
        features: [catalogModuleDataProducts],
        config: {
          meshport: {
            environments: [{ ...environments[0], accountId: 111111111111 }],
          },
        },
      }),
    ).rejects.toThrow(
      /Invalid Meshport configuration:\n {2}meshport\.environments\[0\]\.accountId: must be a string of 12 digits: quote it/,
    );
  });
});
