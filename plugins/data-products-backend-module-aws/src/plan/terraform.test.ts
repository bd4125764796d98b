import { resolveAwsProvisionerConfig } from '../config';
import { meshInput } from './__fixtures__/mesh';
import { planAwsDesiredState } from './planner';
import { renderTerraform, terraformName } from './terraform';

const NOW = new Date('2025-06-01T00:00:00Z');
const state = planAwsDesiredState(
  meshInput(),
  resolveAwsProvisionerConfig({}),
  { now: NOW },
);
const tf = renderTerraform(state) as any;
const resources = tf.resource as Record<string, Record<string, any>>;

const REFERENCE = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(name|arn|id)\}$/;

describe('renderTerraform', () => {
  it('is plain JSON that round-trips', () => {
    expect(JSON.parse(JSON.stringify(tf))).toEqual(tf);
    expect(renderTerraform(state)).toEqual(tf);
  });

  it('declares the AWS provider once per environment, pinned to its account', () => {
    expect(tf.terraform.required_providers.aws.source).toBe('hashicorp/aws');
    expect(tf.provider.aws).toEqual([
      {
        alias: 'dev',
        region: 'eu-west-1',
        allowed_account_ids: ['111111111111'],
      },
      {
        alias: 'prd',
        region: 'eu-west-1',
        allowed_account_ids: ['222222222222'],
      },
    ]);
  });

  it('gives every resource a valid name and an existing provider', () => {
    const aliases = new Set(tf.provider.aws.map((p: any) => `aws.${p.alias}`));
    for (const [type, entries] of Object.entries(resources)) {
      expect(type).toMatch(/^aws_/);
      for (const [name, body] of Object.entries(entries)) {
        expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
        expect(aliases.has(body.provider)).toBe(true);
      }
    }
  });

  it('renders every role with its trust policy and every policy with its document', () => {
    expect(Object.keys(resources.aws_iam_role)).toHaveLength(
      state.roles.length,
    );
    const role = state.roles.find(
      r => r.name === 'meshport-churn-prd-consumer',
    )!;
    const rendered = Object.values(resources.aws_iam_role).find(
      (r: any) => r.name === role.name,
    );
    expect(rendered).toEqual({
      provider: 'aws.prd',
      name: role.name,
      path: '/meshport/',
      description: role.purpose,
      assume_role_policy: JSON.stringify(role.trustPolicy),
      max_session_duration: 3600,
      tags: role.tags,
    });
    const inline = Object.values(resources.aws_iam_role_policy).find(
      (p: any) => p.name === `${role.name}-inline`,
    );
    expect(JSON.parse(inline.policy)).toEqual(role.inlinePolicies[0].document);
  });

  it('points every attachment and inline policy at a rendered role and policy', () => {
    const check = (reference: string, type: string) => {
      const match = reference.match(REFERENCE);
      expect(match?.[1]).toBe(type);
      expect(resources[type][match![2]]).toBeDefined();
      return resources[type][match![2]];
    };
    for (const attachment of Object.values(
      resources.aws_iam_role_policy_attachment ?? {},
    )) {
      const role = check(attachment.role, 'aws_iam_role');
      const policy = check(attachment.policy_arn, 'aws_iam_policy');
      expect(policy.provider).toBe(role.provider);
      expect(policy.name.startsWith(`${role.name}-`)).toBe(true);
    }
    for (const inline of Object.values(resources.aws_iam_role_policy)) {
      const role = check(inline.role, 'aws_iam_role');
      expect(inline.name).toBe(`${role.name}-inline`);
    }
  });

  it('renders managed policies with attachments for large roles, none for failed ones', () => {
    const large = planAwsDesiredState(
      meshInput(),
      resolveAwsProvisionerConfig({ maxManagedPoliciesPerRole: 1 }),
      { now: NOW },
    );
    const role = large.roles[0];
    const withManaged = {
      ...large,
      roles: [
        {
          ...role,
          managedPolicies: [
            {
              name: `${role.name}-1`,
              arn: 'arn',
              path: '/meshport/',
              document: role.inlinePolicies[0].document,
              tags: {},
            },
          ],
        },
        {
          ...large.roles[1],
          policyStatus: 'quota-exceeded' as const,
          managedPolicies: [],
          inlinePolicies: [],
        },
      ],
    };
    const out = renderTerraform(withManaged) as any;
    expect(Object.keys(out.resource.aws_iam_role)).toHaveLength(2);
    expect(
      Object.values(out.resource.aws_iam_policy).map((p: any) => p.name),
    ).toEqual([`${role.name}-1`]);
    expect(Object.values(out.resource.aws_iam_role_policy_attachment)).toEqual([
      {
        provider: 'aws.dev',
        role: `\${aws_iam_role.${terraformName(`dev_${role.name}`)}.name}`,
        policy_arn: `\${aws_iam_policy.${terraformName(
          `dev_${role.name}-1`,
        )}.arn}`,
      },
    ]);
    expect(Object.values(out.resource.aws_iam_role_policy)).toHaveLength(1);
  });

  it('renders Glue databases, enforced workgroups and prefix markers', () => {
    expect(Object.values(resources.aws_glue_catalog_database)).toContainEqual(
      expect.objectContaining({
        provider: 'aws.prd',
        name: 'sales_db',
        catalog_id: '222222222222',
      }),
    );
    expect(Object.values(resources.aws_athena_workgroup)).toContainEqual(
      expect.objectContaining({
        name: 'meshport-churn-dev',
        configuration: {
          enforce_workgroup_configuration: true,
          publish_cloudwatch_metrics_enabled: true,
          bytes_scanned_cutoff_per_query: 10737418240,
          result_configuration: {
            output_location:
              's3://meshport-dev-datalake/products/churn/athena-results/',
          },
        },
      }),
    );
    expect(Object.values(resources.aws_s3_object)).toContainEqual({
      provider: 'aws.dev',
      bucket: 'meshport-dev-datalake',
      key: 'sales/orders/',
      content: '',
      tags: {
        'meshport:managed': 'true',
        'meshport:data-product': 'dataproduct:default/sales',
        'meshport:dataset': 'dataset:default/orders',
      },
    });
  });

  it('makes unique, valid names from anything', () => {
    expect(terraformName('dev_meshport-x.y@z')).toBe('dev_meshport-x_y_z');
    expect(terraformName('1abc')).toBe('_1abc');
  });
});
