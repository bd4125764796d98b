/*
 * Cross-account reads in IAM mode: dev (account 111111111111) reads prd
 * (account 222222222222). Policies are judged with @cloud-copilot/iam-simulate,
 * identity and resource side together.
 */
import { resolveAwsProvisionerConfig } from '../config';
import type {
  AwsDesiredState,
  AwsResourcePolicyGrant,
  AwsRole,
} from '../model';
import { meshInput } from './__fixtures__/mesh';
import { resourcesFor, roleNamed } from './__fixtures__/policies';
import { planAwsDesiredState } from './planner';
import { simulate } from '../testing/__testUtils__/simulate';

const NOW = new Date('2025-06-01T00:00:00Z');
const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef';
const config = resolveAwsProvisionerConfig({
  environments: { prd: { bucketKmsKeys: { datalake: KEY } } },
});
const plan = (): AwsDesiredState =>
  planAwsDesiredState(meshInput(), config, { now: NOW });

function policyOf(
  state: AwsDesiredState,
  kind: AwsResourcePolicyGrant['kind'],
  resource: string,
): AwsResourcePolicyGrant {
  const policy = state.resourcePolicies?.find(
    p => p.kind === kind && p.resource === resource,
  );
  if (!policy) throw new Error(`No ${kind} for ${resource}`);
  return policy;
}

const DEV_TAGS = {
  'aws:PrincipalTag/meshport:managed': 'true',
  'aws:PrincipalTag/meshport:environment': 'dev',
};

async function decide(
  principal: string,
  identityPolicies: Array<{ name: string; policy: unknown }>,
  resourcePolicy: unknown,
  action: string,
  resource: string,
  contextVariables: Record<string, string> = {},
): Promise<string> {
  return simulate({
    principal,
    identityPolicies,
    resourcePolicy,
    action,
    resource,
    resourceAccount: '222222222222',
    contextVariables,
  });
}

const identityOf = (role: AwsRole) =>
  [...role.inlinePolicies, ...role.managedPolicies].map(p => ({
    name: p.name,
    policy: p.document,
  }));
/** An unrelated role of the dev account that IAM lets read every object. */
const ANALYST = 'arn:aws:iam::111111111111:role/analyst';
const READ_ALL = [
  {
    name: 'read-all',
    policy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    },
  },
];
const ORDERS = 'arn:aws:s3:::meshport-prd-datalake/sales/orders/part-0.parquet';

describe('cross-account reads in IAM mode (dev in 111111111111 reads prd in 222222222222)', () => {
  it('plans the bucket policy, catalog policy and key policy in prd, and the Athena catalog in dev', () => {
    const state = plan();
    expect(
      state.resourcePolicies!.map(p => [
        p.environment,
        p.accountId,
        p.kind,
        p.resource,
      ]),
    ).toEqual([
      // sales's dev roles read its private prd archive output
      ['prd', '222222222222', 's3-bucket-policy', 'meshport-prd-archive'],
      ['prd', '222222222222', 's3-bucket-policy', 'meshport-prd-datalake'],
      [
        'prd',
        '222222222222',
        'glue-catalog-policy',
        'arn:aws:glue:eu-west-1:222222222222:catalog',
      ],
      ['prd', '222222222222', 'kms-key-policy', KEY],
    ]);
    expect(state.dataCatalogs).toEqual([
      expect.objectContaining({
        environment: 'dev',
        accountId: '111111111111',
        name: 'meshport-prd',
        type: 'GLUE',
        catalogId: '222222222222',
        arn: 'arn:aws:athena:eu-west-1:111111111111:datacatalog/meshport-prd',
      }),
    ]);
  });

  it('admits by condition, never by role ARN', () => {
    const bucket = policyOf(
      plan(),
      's3-bucket-policy',
      'meshport-prd-datalake',
    );
    for (const statement of bucket.statements) {
      expect(statement.Principal).toEqual({
        AWS: ['arn:aws:iam::111111111111:root'],
      });
      expect(statement.Condition).toMatchObject({
        StringEquals: {
          'aws:PrincipalAccount': '111111111111',
          'aws:PrincipalTag/meshport:managed': 'true',
          'aws:PrincipalTag/meshport:environment': 'dev',
        },
        ArnLike: {
          'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/meshport/*',
        },
      });
    }
    // Objects of the datasets dev reads, not the whole bucket.
    expect(bucket.statements[0].Resource).toEqual([
      'arn:aws:s3:::meshport-prd-datalake/churn/scores/*',
      'arn:aws:s3:::meshport-prd-datalake/marketing/campaigns/*',
      // sales's own dev roles read its prd outputs
      'arn:aws:s3:::meshport-prd-datalake/sales/orders-archive/*',
      'arn:aws:s3:::meshport-prd-datalake/sales/orders/*',
    ]);
  });

  it('the bucket policy admits the dev consumer role and denies an unrelated role of the same account', async () => {
    const state = plan();
    const bucket = policyOf(state, 's3-bucket-policy', 'meshport-prd-datalake');
    const resourcePolicy = {
      Version: '2012-10-17',
      Statement: bucket.statements,
    };
    const consumer = roleNamed(state, 'meshport-churn-dev-consumer');
    await expect(
      decide(
        consumer.arn,
        identityOf(consumer),
        resourcePolicy,
        's3:GetObject',
        ORDERS,
        DEV_TAGS,
      ),
    ).resolves.toBe('Allowed');
    // Without the bucket policy the same request is denied: both sides are needed.
    await expect(
      decide(
        consumer.arn,
        identityOf(consumer),
        undefined,
        's3:GetObject',
        ORDERS,
        DEV_TAGS,
      ),
    ).resolves.not.toBe('Allowed');
    await expect(
      decide(ANALYST, READ_ALL, resourcePolicy, 's3:GetObject', ORDERS),
    ).resolves.not.toBe('Allowed');
    // Even carrying Meshport's tags, a role outside Meshport's path is not admitted.
    await expect(
      decide(
        ANALYST,
        READ_ALL,
        resourcePolicy,
        's3:GetObject',
        ORDERS,
        DEV_TAGS,
      ),
    ).resolves.not.toBe('Allowed');
    // A dataset dev is not granted stays closed to the dev consumer.
    await expect(
      decide(
        consumer.arn,
        identityOf(consumer),
        resourcePolicy,
        's3:GetObject',
        'arn:aws:s3:::meshport-prd-datalake/sales/orders-archive/part-0.parquet',
        DEV_TAGS,
      ),
    ).resolves.not.toBe('Allowed');
  });

  it('the Glue catalog policy admits the dev consumer to the tables it reads', async () => {
    const state = plan();
    const catalog = policyOf(
      state,
      'glue-catalog-policy',
      'arn:aws:glue:eu-west-1:222222222222:catalog',
    );
    const resourcePolicy = {
      Version: '2012-10-17',
      Statement: catalog.statements,
    };
    const consumer = roleNamed(state, 'meshport-churn-dev-consumer');
    const table = 'arn:aws:glue:eu-west-1:222222222222:table/sales_db/orders';
    await expect(
      decide(
        consumer.arn,
        identityOf(consumer),
        resourcePolicy,
        'glue:GetTable',
        table,
        DEV_TAGS,
      ),
    ).resolves.toBe('Allowed');
    await expect(
      decide(
        consumer.arn,
        identityOf(consumer),
        resourcePolicy,
        'glue:UpdateTable',
        table,
        DEV_TAGS,
      ),
    ).resolves.not.toBe('Allowed');
  });

  it('gives dev roles the Athena catalog of prd and decrypt through S3 with the bucket key', () => {
    const state = plan();
    const consumer = roleNamed(state, 'meshport-churn-dev-consumer');
    expect(resourcesFor(consumer, 'athena:GetTableMetadata')).toContain(
      'arn:aws:athena:eu-west-1:111111111111:datacatalog/meshport-prd',
    );
    expect(resourcesFor(consumer, 'kms:Decrypt')).toEqual([KEY]);
    const key = policyOf(state, 'kms-key-policy', KEY);
    expect(key.statements[0].Condition?.StringEquals).toMatchObject({
      'kms:ViaService': 's3.eu-west-1.amazonaws.com',
    });
  });

  it('plans nothing across accounts when both environments share one', () => {
    const [dev, prd] = meshInput().environments;
    const state = planAwsDesiredState(
      meshInput({ environments: [dev, { ...prd, accountId: dev.accountId }] }),
      config,
      { now: NOW },
    );
    expect(state.resourcePolicies).toBeUndefined();
    expect(state.dataCatalogs).toBeUndefined();
  });
});
