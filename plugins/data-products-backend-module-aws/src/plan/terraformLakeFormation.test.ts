import { resolveAwsProvisionerConfig } from '../config';
import { meshInput } from './__fixtures__/mesh';
import { planAwsDesiredState } from './planner';
import { renderTerraform } from './terraform';

const NOW = new Date('2025-06-01T00:00:00Z');
const lf = { accessControl: 'lake-formation' };
const state = planAwsDesiredState(
  meshInput(),
  resolveAwsProvisionerConfig({ environments: { dev: lf, prd: lf } }),
  { now: NOW },
);
const tf = renderTerraform(state) as any;
const resources = tf.resource as Record<string, Record<string, any>>;
const CONSUMER =
  'arn:aws:iam::222222222222:role/meshport/meshport-churn-prd-consumer';

describe('renderTerraform in lake-formation mode', () => {
  it('renders one aws_lakeformation_permissions per planned permission, in its account', () => {
    const planned = state.lakeFormation!.flatMap(e => e.permissions);
    const rendered = Object.values(resources.aws_lakeformation_permissions);
    expect(rendered).toHaveLength(planned.length);
    expect(rendered).toContainEqual({
      provider: 'aws.prd',
      catalog_id: '222222222222',
      principal: CONSUMER,
      permissions: ['DESCRIBE', 'SELECT'],
      table: {
        database_name: 'sales_db',
        catalog_id: '222222222222',
        name: 'orders',
      },
    });
    expect(rendered).toContainEqual(
      expect.objectContaining({
        principal: CONSUMER,
        table: {
          database_name: 'marketing_db',
          catalog_id: '222222222222',
          wildcard: true,
        },
      }),
    );
  });

  it('registers data locations with the service-linked role when no role is configured', () => {
    expect(Object.values(resources.aws_lakeformation_resource)).toContainEqual({
      provider: 'aws.prd',
      arn: 'arn:aws:s3:::meshport-prd-datalake/sales/orders',
      use_service_linked_role: true,
    });
  });

  it('creates the LF-tags and sets them on databases and tables after the tags exist', () => {
    const tags = Object.values(resources.aws_lakeformation_lf_tag);
    expect(tags).toContainEqual({
      provider: 'aws.prd',
      catalog_id: '222222222222',
      key: 'meshport:domain',
      values: ['commerce'],
    });
    const onOrders = Object.values(
      resources.aws_lakeformation_resource_lf_tags,
    ).find(
      (t: any) => t.provider === 'aws.prd' && t.table?.name === 'orders',
    ) as any;
    expect(onOrders.lf_tag).toEqual([
      { key: 'meshport:access', value: 'restricted' },
      { key: 'meshport:classification', value: 'internal' },
      { key: 'meshport:domain', value: 'commerce' },
    ]);
    for (const dependency of onOrders.depends_on) {
      const [, name] = dependency.split('.');
      expect(resources.aws_lakeformation_lf_tag[name]).toBeDefined();
    }
  });

  it("creates resource links to prd's databases in dev's catalog", () => {
    expect(Object.values(resources.aws_glue_catalog_database)).toContainEqual({
      provider: 'aws.dev',
      name: 'prd_sales_db',
      catalog_id: '111111111111',
      target_database: {
        catalog_id: '222222222222',
        database_name: 'sales_db',
      },
    });
  });
});

describe('renderTerraform of cross-account reads in IAM mode', () => {
  const iamState = planAwsDesiredState(
    meshInput(),
    resolveAwsProvisionerConfig({}),
    { now: NOW },
  );
  const iamTf = renderTerraform(iamState) as any;

  it("creates dev's Athena catalog of prd's Glue catalog, and outputs prd's statements", () => {
    expect(iamTf.resource.aws_athena_data_catalog).toEqual({
      'dev_meshport-prd': expect.objectContaining({
        provider: 'aws.dev',
        name: 'meshport-prd',
        type: 'GLUE',
        parameters: { 'catalog-id': '222222222222' },
      }),
    });
    const statements = iamTf.output.meshport_resource_policy_statements.value;
    expect(
      statements.map((s: any) => [s.account_id, s.kind, s.resource]),
    ).toContainEqual([
      '222222222222',
      's3-bucket-policy',
      'meshport-prd-datalake',
    ]);
    expect(iamTf.resource.aws_lakeformation_permissions).toBeUndefined();
  });
});
