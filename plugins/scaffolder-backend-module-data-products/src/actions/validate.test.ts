import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  datasetYaml,
  exampleInput,
  mockContext,
  productYaml,
  testEnvironments,
  writeFiles,
} from '../__testUtils__/context';
import { createValidateEntitiesAction } from './validate';
import { examples } from './validate.examples';

describe('meshport:entities:validate', () => {
  const workspace = createMockDirectory();
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'meshport.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: 'orders', namespace: 'default' },
        spec: {},
      },
    ],
  });
  const action = createValidateEntitiesAction({
    catalog,
    auth: mockServices.auth(),
    environments: testEnvironments,
  });

  beforeEach(() => workspace.clear());

  it('passes a valid product and dataset and outputs their refs', async () => {
    await writeFiles(workspace.path, {
      'catalog-info.yaml': `${productYaml()}---\n${datasetYaml()}`,
    });
    const { ctx, outputs } = mockContext({}, { workspacePath: workspace.path });
    await action.handler(ctx);
    expect(outputs).toEqual({
      dataProduct: 'dataproduct:default/customer-churn',
      entityRefs: [
        'dataproduct:default/customer-churn',
        'dataset:default/churn-scores',
      ],
    });
  });

  it.each([
    [
      'a wrong access level',
      `${productYaml()}---\n${datasetYaml(
        'churn-scores',
        'customer-churn',
        'public',
      )}`,
      'catalog-info.yaml document 2 (Dataset/churn-scores): spec.access: must be one of: unrestricted, restricted, private (got "public")',
    ],
    [
      'an environment that is not configured',
      productYaml().replace('[dev, prd]', '[dev, qa]'),
      'catalog-info.yaml document 1 (DataProduct/customer-churn): spec.environments[1]:',
    ],
    [
      'a dataset of another product',
      `${productYaml()}---\n${datasetYaml('x', 'sales-orders')}`,
      'catalog-info.yaml document 2 (Dataset/x): spec.dataProduct: must be dataproduct:default/customer-churn, the product of this repository (got dataproduct:default/sales-orders)',
    ],
    [
      'two products',
      `${productYaml()}---\n${productYaml('other')}`,
      'catalog-info.yaml: must declare one DataProduct',
    ],
    [
      'broken YAML',
      'kind: [DataProduct',
      'catalog-info.yaml document 1: invalid YAML',
    ],
    [
      'no meshport entity',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: x }\n',
      "catalog-info.yaml document 1 (Component/x): kind: only meshport.io/v1alpha1 DataProduct and Dataset documents may be declared in a data product's repository (got backstage.io/v1alpha1 Component)",
    ],
    [
      'a planted Group',
      `${productYaml()}---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: admins }\nspec: { type: team, children: [], members: [mallory] }\n`,
      'catalog-info.yaml document 2 (Group/admins): kind: only meshport.io/v1alpha1 DataProduct and Dataset documents may be declared',
    ],
    [
      'a planted Template',
      `${productYaml()}---\napiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: { name: evil }\nspec: {}\n`,
      'catalog-info.yaml document 2 (Template/evil): kind: only meshport.io/v1alpha1 DataProduct and Dataset documents may be declared',
    ],
    [
      'a planted file Location',
      `${productYaml()}---\napiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: passwd }\nspec: { type: file, target: /etc/passwd }\n`,
      'catalog-info.yaml document 2 (Location/passwd): kind: only meshport.io/v1alpha1 DataProduct and Dataset documents may be declared',
    ],
    [
      'a DataProduct kind under another apiVersion',
      productYaml().replace('meshport.io/v1alpha1', 'backstage.io/v1alpha1'),
      '(got backstage.io/v1alpha1 DataProduct)',
    ],
  ])(
    'fails on %s, naming the document and field',
    async (_, content, message) => {
      await writeFiles(workspace.path, { 'catalog-info.yaml': content });
      const { ctx } = mockContext({}, { workspacePath: workspace.path });
      await expect(action.handler(ctx)).rejects.toThrow(message);
    },
  );

  it('fails when the file is missing', async () => {
    const { ctx } = mockContext(
      { path: 'nope.yaml' },
      { workspacePath: workspace.path },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'nope.yaml was not found in the workspace',
    );
  });

  it('refuses a path outside the workspace', async () => {
    const { ctx } = mockContext(
      { path: '../../etc/passwd' },
      { workspacePath: workspace.path },
    );
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
  });

  it('with mustNotExist, fails on a name the catalog already has', async () => {
    await writeFiles(workspace.path, {
      'catalog-info.yaml': `${productYaml()}---\n${datasetYaml('orders')}`,
    });
    const { ctx } = mockContext(
      { mustNotExist: true },
      { workspacePath: workspace.path },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'Already in the catalog: dataset:default/orders',
    );
  });

  it('runs the same checks in a dry run', async () => {
    await writeFiles(workspace.path, {
      'catalog-info.yaml': `${productYaml()}---\n${datasetYaml('orders')}`,
    });
    const dry = mockContext(
      { mustNotExist: true },
      { workspacePath: workspace.path, isDryRun: true },
    );
    await expect(action.handler(dry.ctx)).rejects.toThrow('orders');

    await writeFiles(workspace.path, {
      'catalog-info.yaml': `${productYaml()}---\n${datasetYaml()}`,
    });
    const ok = mockContext(
      { mustNotExist: true },
      { workspacePath: workspace.path, isDryRun: true },
    );
    await action.handler(ok.ctx);
    expect(ok.outputs.dataProduct).toBe('dataproduct:default/customer-churn');
    expect(ok.infos.join()).toContain('(dry run)');
  });

  it('runs its examples', async () => {
    await writeFiles(workspace.path, {
      'catalog-info.yaml': `${productYaml()}---\n${datasetYaml()}`,
      'new-dataset.yaml': datasetYaml('churn-extra', 'customer-360'),
    });
    const first = mockContext(exampleInput(examples[0]), {
      workspacePath: workspace.path,
    });
    await action.handler(first.ctx);
    expect(first.outputs.entityRefs).toHaveLength(2);

    const second = mockContext(exampleInput(examples[1]), {
      workspacePath: workspace.path,
    });
    await action.handler(second.ctx);
    expect(second.outputs).toEqual({
      dataProduct: 'dataproduct:default/customer-360',
      entityRefs: ['dataset:default/churn-extra'],
    });
  });
});
