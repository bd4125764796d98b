import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  exampleInput,
  MEMBERSHIPS,
  mockContext,
  ownerPermissions,
  salesProduct,
  teams,
  testEnvironments,
} from '../__testUtils__/context';
import { createWriteEntitiesAction } from './writeEntities';
import { examples } from './writeEntities.examples';

// The payload of hole 1 of issue #11: a Group, a Template and a file Location after a value.
const PAYLOAD = [
  'dev]',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: Group',
  'metadata: { name: admins }',
  'spec: { type: team, children: [], members: [mallory] }',
  '---',
  'apiVersion: scaffolder.backstage.io/v1beta3',
  'kind: Template',
  'metadata: { name: evil }',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: Location',
  'metadata: { name: passwd }',
  'spec: { type: file, target: /etc/passwd }',
].join('\n');

describe('meshport:entities:write', () => {
  const workspace = createMockDirectory();
  const entities = [salesProduct(), ...teams];
  const action = createWriteEntitiesAction({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    environments: testEnvironments,
    ...ownerPermissions({
      entities,
      memberships: MEMBERSHIPS,
      admins: ['user:default/admin'],
    }),
  });
  const newProduct = exampleInput(examples[0]) as any;

  beforeEach(() => workspace.clear());

  const documentsOf = async (file = 'catalog-info.yaml') =>
    yaml
      .parseAllDocuments(
        await fs.readFile(path.join(workspace.path, file), 'utf8'),
      )
      .map(document => document.toJS());

  it('runs its examples: a new product with its dataset, and one more dataset of a product', async () => {
    const first = mockContext(newProduct, { workspacePath: workspace.path });
    await action.handler(first.ctx);
    expect(first.outputs).toEqual({
      dataProduct: 'dataproduct:default/customer-churn',
      entityRefs: [
        'dataproduct:default/customer-churn',
        'dataset:default/churn-scores',
      ],
    });
    const [product, dataset] = await documentsOf();
    expect(product).toEqual({
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'DataProduct',
      metadata: {
        name: 'customer-churn',
        title: 'Customer churn',
        description: 'Which customers are about to leave',
        tags: ['consumer-aligned'],
      },
      spec: {
        owner: 'group:default/team-sales',
        domain: 'domain:default/sales',
        lifecycle: 'experimental',
        type: 'consumer-aligned',
        environments: ['dev', 'prd'],
      },
    });
    expect(dataset.spec).toMatchObject({
      dataProduct: 'customer-churn',
      owner: 'group:default/team-sales',
      outputs: [
        {
          type: 's3',
          bucket: 'datalake',
          path: 'customer-churn/churn-scores/',
        },
      ],
      slos: {
        availability: { target: 99.5 },
        completeness: { target: 95 },
        freshness: { target: 95, maxAge: '24h' },
      },
      // the schema step's columns, and nothing else (no placeholder id column)
      schema: {
        columns: [
          {
            name: 'customer_id',
            type: 'string',
            description: 'The customer the score is for',
            classification: 'internal',
            required: true,
            primaryKey: true,
          },
          { name: 'churn_score', type: 'number', required: true },
        ],
      },
    });

    const second = mockContext(exampleInput(examples[1]), {
      workspacePath: workspace.path,
      isDryRun: true,
    });
    await action.handler(second.ctx);
    expect(second.outputs.entityRefs).toEqual([
      'dataset:default/churn-drivers',
    ]);
    const [added] = await documentsOf('new/dataset.yaml');
    expect(added.spec.owner).toBe('group:default/team-sales');
    expect(added.spec.dataProduct).toBe('customer-churn');
  });

  it.each([
    ['title', { product: { ...newProduct.product, title: PAYLOAD } }],
    [
      'description',
      { product: { ...newProduct.product, description: PAYLOAD } },
    ],
    [
      'datasetTitle',
      { dataset: { ...newProduct.dataset, datasetTitle: PAYLOAD } },
    ],
    [
      'datasetDescription',
      { dataset: { ...newProduct.dataset, datasetDescription: PAYLOAD } },
    ],
  ])(
    'keeps a %s carrying YAML documents as text: exactly the DataProduct and Dataset asked for',
    async (_, override) => {
      const { ctx } = mockContext(
        { ...newProduct, ...override },
        { workspacePath: workspace.path },
      );
      await action.handler(ctx);
      const documents = await documentsOf();
      expect(documents.map(d => d.kind)).toEqual(['DataProduct', 'Dataset']);
      expect(JSON.stringify(documents)).toContain(JSON.stringify(PAYLOAD));
    },
  );

  it.each([
    [
      'an environments item',
      { environments: ['dev', PAYLOAD] },
      'product.environments: must be one or more of the configured environments (dev, prd)',
    ],
    ['the owner', { owner: PAYLOAD }, 'must be a Group entity ref'],
    ['the domain', { domain: PAYLOAD }, 'must be a Domain entity ref'],
  ])(
    'refuses a payload in %s, writing nothing',
    async (_, override, message) => {
      const { ctx } = mockContext(
        { ...newProduct, product: { ...newProduct.product, ...override } },
        { workspacePath: workspace.path },
      );
      await expect(action.handler(ctx)).rejects.toThrow(message);
      await expect(
        fs.access(path.join(workspace.path, 'catalog-info.yaml')),
      ).rejects.toThrow();
    },
  );

  it("refuses an owner that is not one of the user's groups, naming it; an admin may choose any", async () => {
    const marketer = mockContext(newProduct, {
      workspacePath: workspace.path,
      userRef: 'user:default/marketer',
    });
    await expect(action.handler(marketer.ctx)).rejects.toThrow(
      'You may not create a data product owned by Team Sales: you are not one of its members. Choose one of your own teams.',
    );
    await expect(
      fs.access(path.join(workspace.path, 'catalog-info.yaml')),
    ).rejects.toThrow();

    const admin = mockContext(newProduct, {
      workspacePath: workspace.path,
      userRef: 'user:default/admin',
    });
    await action.handler(admin.ctx);
    expect((await documentsOf())[0].spec.owner).toBe(
      'group:default/team-sales',
    );
  });

  it('refuses a dataset for a product the user may not manage, naming the product and its owner', async () => {
    const { ctx } = mockContext(exampleInput(examples[1]), {
      workspacePath: workspace.path,
      userRef: 'user:default/marketer',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'You may not change the data product Customer churn: it is owned by Team Sales.',
    );
  });

  describe('columns', () => {
    const withColumns = (columns: unknown) => ({
      ...newProduct,
      dataset: { ...newProduct.dataset, columns },
    });

    it.each([
      ['a YAML payload', PAYLOAD.replace(/\n/g, ' ').slice(0, 200).trim()],
      ['a scaffolder expression', '${{ secrets.token }}'],
      ['a nunjucks statement', '{% for x in range(9) %}{{ x }}{% endfor %}'],
      ['a YAML anchor and tag', '&a !!js/function "x"'],
      ['quotes and a comment', '"id" # --- \'x\''],
    ])(
      'serialises %s in a column name and description as the text it is',
      async (_, value) => {
        const { ctx } = mockContext(
          withColumns([
            { name: value, type: 'string', description: PAYLOAD },
            { name: 'ok', type: 'integer' },
          ]),
          { workspacePath: workspace.path },
        );
        await action.handler(ctx);
        const documents = await documentsOf();
        expect(documents.map(d => d.kind)).toEqual(['DataProduct', 'Dataset']);
        expect(documents[1].spec.schema.columns).toEqual([
          { name: value, type: 'string', description: PAYLOAD },
          { name: 'ok', type: 'integer' },
        ]);
      },
    );

    it.each([
      [[], 'dataset.columns: Add at least one column'],
      [
        [
          { name: 'id', type: 'string' },
          { name: 'ID', type: 'string' },
        ],
        'dataset.columns: Column 2 ("ID"): column 1 has the same name (names are compared ignoring case)',
      ],
      [
        [{ name: 'id', type: 'varchar' }],
        'dataset.columns: Column 1 ("id"): choose a type: string, date, timestamp, time, number, integer, object, array or boolean',
      ],
      [
        [{ name: 'a\n---\nkind: Group', type: 'string' }],
        'dataset.columns: Column 1: the name must be one line of text, without control characters',
      ],
      [
        [{ name: 'id', type: 'string', primaryKey: true, required: false }],
        'dataset.columns: Column 1 ("id"): a primary key column is required (tick "Required")',
      ],
    ])(
      'refuses columns %j with a sentence naming the column, writing nothing',
      async (columns, message) => {
        const { ctx } = mockContext(withColumns(columns), {
          workspacePath: workspace.path,
          isDryRun: true,
        });
        await expect(action.handler(ctx)).rejects.toThrow(message);
        await expect(
          fs.access(path.join(workspace.path, 'catalog-info.yaml')),
        ).rejects.toThrow();
      },
    );
  });
});
