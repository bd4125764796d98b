import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import {
  IAMClient,
  LimitExceededException,
  MalformedPolicyDocumentException,
} from '@aws-sdk/client-iam';
import type {
  OperationResult,
  ProvisioningOperation,
} from '@meshport/plugin-data-products-node';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveAwsProvisionerConfig } from '../config';
import type { AwsDesiredState } from '../model';
import { planAwsDesiredState } from '../plan/planner';
import { FakeAws } from '../testing';
import { DEV, PRD, reconcileInput } from './__fixtures__/reconcileMesh';
import { diffAwsState } from './diff';
import { applyAwsOperations, ApplyAwsOptions } from './index';
import { samePolicy } from './policyDocuments';

const config = resolveAwsProvisionerConfig({});
const stubs = {
  iam: mockClient(IAMClient),
  glue: mockClient(GlueClient),
  athena: mockClient(AthenaClient),
  sts: mockClient(STSClient),
};
let cloud: FakeAws;
let desired: AwsDesiredState;

beforeEach(() => {
  for (const stub of Object.values(stubs)) stub.reset();
  cloud = new FakeAws([DEV, PRD]);
  cloud.install(stubs);
  desired = planAwsDesiredState(reconcileInput(), config, {
    now: new Date('2025-06-01T00:00:00Z'),
  });
});

afterAll(() => {
  for (const stub of Object.values(stubs)) stub.restore();
});

const dev = () => cloud.account(DEV.accountId);
const EMPTY = { roles: [], buckets: [], glueDatabases: [], workgroups: [] };

function apply(
  operations: ProvisioningOperation[],
  options: Partial<ApplyAwsOptions> = {},
) {
  return applyAwsOperations(operations, {
    config,
    environments: [DEV, PRD],
    retry: { sleep: async () => {} },
    now: () => new Date('2025-06-01T12:00:00Z'),
    ...options,
  });
}

function operation(id: string): ProvisioningOperation {
  const found = diffAwsState(desired, EMPTY).find(o => o.id === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
}

const ROLE = 'meshport-churn-dev-consumer';
const createRole = () => operation(`aws:dev:create:iam-role:${ROLE}`);
const putInline = () =>
  operation(`aws:dev:create:iam-inline-policy:${ROLE}/${ROLE}-inline`);

describe('applyAwsOperations', () => {
  it('reports each result through onResult, awaited before the next operation starts', async () => {
    const events: string[] = [];
    const results = await apply([createRole(), putInline()], {
      onResult: async result => {
        events.push(`result ${result.operationId}`);
        await new Promise(resolve => setTimeout(resolve, 5));
        events.push(`stored ${result.operationId}`);
      },
    });
    const writes = dev()
      .iam.writes()
      .map(c => c.command);
    expect(writes).toEqual(['CreateRole', 'PutRolePolicy']);
    expect(events).toEqual([
      `result ${createRole().id}`,
      `stored ${createRole().id}`,
      `result ${putInline().id}`,
      `stored ${putInline().id}`,
    ]);
    expect(results).toEqual<OperationResult[]>([
      {
        operationId: createRole().id,
        status: 'succeeded',
        finishedAt: '2025-06-01T12:00:00.000Z',
      },
      {
        operationId: putInline().id,
        status: 'succeeded',
        finishedAt: '2025-06-01T12:00:00.000Z',
      },
    ]);
  });

  it('skips the remaining operations once the signal aborts', async () => {
    const controller = new AbortController();
    const results = await apply([createRole(), putInline()], {
      signal: controller.signal,
      onResult: () => controller.abort(),
    });
    expect(results.map(r => [r.status, r.error])).toEqual([
      ['succeeded', undefined],
      ['skipped', 'The run was aborted before this operation'],
    ]);
    expect(
      dev()
        .iam.writes()
        .map(c => c.command),
    ).toEqual(['CreateRole']);
  });

  it('converges when creating a role that an interrupted run already created', async () => {
    await apply([createRole()]);
    const edited = {
      ...createRole(),
      details: { ...createRole().details, maxSessionDuration: 7200 },
    };

    const results = await apply([edited]);

    expect(results[0].status).toBe('succeeded');
    expect(dev().iam.role(ROLE)!.maxSessionDuration).toBe(7200);
    expect(dev().iam.writes('CreateRole')).toHaveLength(2);
    expect(dev().iam.writes('UpdateRole')).toHaveLength(1);
  });

  it('removes a role from its instance profiles before deleting it', async () => {
    await apply([createRole()]);
    await dev().iam.byHand(async fake => {
      await fake.createInstanceProfile({ InstanceProfileName: 'ec2-analytics' });
      await fake.addRoleToInstanceProfile({
        InstanceProfileName: 'ec2-analytics',
        RoleName: ROLE,
      });
    });
    const results = await apply([
      { ...createRole(), id: 'aws:dev:delete:iam-role:x', action: 'delete' },
    ]);
    expect(results[0].status).toBe('succeeded');
    expect(dev().iam.role(ROLE)).toBeUndefined();
    expect(dev().iam.writes().map(c => c.command)).toContain(
      'RemoveRoleFromInstanceProfile',
    );
  });

  it('treats deleting what is already gone as success', async () => {
    const deletes: ProvisioningOperation[] = [
      { ...createRole(), id: 'aws:dev:delete:iam-role:x', action: 'delete' },
      {
        ...putInline(),
        id: 'aws:dev:delete:iam-inline-policy:x',
        action: 'delete',
      },
      {
        ...operation('aws:dev:create:glue-database:sales_db'),
        id: 'aws:dev:delete:glue-database:sales_db',
        action: 'delete',
      },
      {
        ...operation('aws:dev:create:athena-workgroup:meshport-churn-dev'),
        id: 'aws:dev:delete:athena-workgroup:meshport-churn-dev',
        action: 'delete',
      },
    ];
    const results = await apply(deletes);
    expect(results.map(r => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(cloud.writes()).toEqual([]);
  });

  it('refuses to delete a role that is not tagged as managed, whatever the operation says', async () => {
    await dev().iam.byHand(fake =>
      fake.createRole({
        RoleName: ROLE,
        Path: '/meshport/',
        AssumeRolePolicyDocument: JSON.stringify(
          createRole().details.trustPolicy,
        ),
      }),
    );
    const results = await apply([
      { ...createRole(), id: 'aws:dev:delete:iam-role:x', action: 'delete' },
    ]);
    expect(results[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining(
        `IAM role ${ROLE} exists but is not managed by Meshport`,
      ),
    });
    expect(dev().iam.role(ROLE)).toBeDefined();
    expect(dev().iam.writes()).toEqual([]);
  });

  it("refuses to delete a role of another environment sharing the account", async () => {
    await dev().iam.byHand(fake =>
      fake.createRole({
        RoleName: ROLE,
        Path: '/meshport/',
        AssumeRolePolicyDocument: JSON.stringify(
          createRole().details.trustPolicy,
        ),
        Tags: [
          { Key: 'meshport:managed', Value: 'true' },
          { Key: 'meshport:environment', Value: 'test' },
        ],
      }),
    );
    const results = await apply([
      { ...createRole(), id: 'aws:dev:delete:iam-role:x', action: 'delete' },
    ]);
    expect(results[0].error).toContain(
      `IAM role ${ROLE} exists but is not managed by Meshport in environment dev (tags meshport:managed=true and meshport:environment=dev`,
    );
    expect(dev().iam.role(ROLE)).toBeDefined();
    expect(dev().iam.writes()).toEqual([]);
  });

  it('skips the operations that depend on a failed one, and only those', async () => {
    dev().iam.failOn('CreateRole', () => true);
    const other = operation('aws:dev:create:iam-role:meshport-sales-dev-owner');

    const results = await apply([createRole(), other, putInline()]);

    expect(results.map(r => [r.status, r.error])).toEqual([
      ['failed', `Error: Injected failure of CreateRole`],
      ['failed', `Error: Injected failure of CreateRole`],
      ['skipped', `Depends on ${createRole().id}, which failed`],
    ]);
  });

  it('refuses an operation meant for another account', async () => {
    const forOther = createRole();
    (forOther.details as { accountId: string }).accountId = '333333333333';
    const results = await apply([forOther]);
    expect(results[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('is for account 333333333333'),
    });
    expect(cloud.writes()).toEqual([]);
  });

  it('writes nothing in an environment whose credentials are of another account, naming both', async () => {
    // The credentials configured for dev (say, a profile) reach prd's account.
    cloud.useCredentialsOf(DEV.region, PRD.accountId);
    const results = await apply([createRole(), putInline()]);
    expect(results.map(r => r.status)).toEqual(['failed', 'skipped']);
    expect(results[0].error).toContain(
      'Environment dev is account 111111111111, but its credentials are of account 222222222222',
    );
    expect(cloud.writes()).toEqual([]);
    expect(cloud.stsCalls).toEqual([
      { command: 'GetCallerIdentity', region: DEV.region },
    ]);
  });

  it('fails operations of environments that are not configured', async () => {
    const results = await apply([createRole()], { environments: [PRD] });
    expect(results[0]).toMatchObject({
      status: 'failed',
      error:
        'Error: Environment dev is not configured in meshport.environments',
    });
  });

  it('does not retry a trust policy IAM rejects, and names the role', async () => {
    dev().iam.failOn(
      'CreateRole',
      (_input, call) => call === 1,
      () =>
        new MalformedPolicyDocumentException({
          message:
            'Invalid principal in policy: "AWS":"arn:aws:iam::111111111111:role/new-sso-role"',
          $metadata: {},
        }),
    );
    const results = await apply([createRole()]);
    expect(results[0]).toEqual(
      expect.objectContaining({
        status: 'failed',
        error: `MalformedPolicyDocumentException: IAM refused the trust policy or settings of role ${ROLE} (not retried: the plan must change): Invalid principal in policy: "AWS":"arn:aws:iam::111111111111:role/new-sso-role"`,
      }),
    );
    expect(dev().iam.writes('CreateRole')).toHaveLength(1);
  });

  it('names the role and the policy when IAM refuses an inline policy for a quota', async () => {
    await apply([createRole()]);
    dev().iam.failOn(
      'PutRolePolicy',
      () => true,
      () =>
        new LimitExceededException({
          message: 'Maximum policy size of 10240 bytes exceeded for role',
          $metadata: {},
        }),
    );
    const results = await apply([putInline()]);
    expect(results[0].error).toBe(
      `LimitExceededException: IAM refused inline policy ${ROLE}-inline of role ${ROLE} (not retried: the plan must change): Maximum policy size of 10240 bytes exceeded for role`,
    );
    expect(dev().iam.writes('PutRolePolicy')).toHaveLength(1);
  });

  it('converges when a workgroup Meshport manages already exists', async () => {
    const create = operation(
      'aws:dev:create:athena-workgroup:meshport-churn-dev',
    );
    await dev().athena.byHand(athena =>
      athena.createWorkGroup({
        Name: 'meshport-churn-dev',
        Configuration: {
          EnforceWorkGroupConfiguration: false,
          BytesScannedCutoffPerQuery: 10_000_000,
        },
        Tags: [
          { Key: 'meshport:managed', Value: 'true' },
          { Key: 'meshport:environment', Value: 'dev' },
        ],
      }),
    );

    const results = await apply([create]);

    expect(results[0].status).toBe('succeeded');
    expect(dev().athena.workgroup('meshport-churn-dev')).toMatchObject({
      description: create.details.description,
      configuration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: create.details.bytesScannedCutoffPerQuery,
        ResultConfiguration: { OutputLocation: create.details.outputLocation },
      },
      tags: create.details.tags,
    });
  });

  it('keeps the rest of a Glue database definition when updating its description', async () => {
    const create = operation('aws:dev:create:glue-database:sales_db');
    await dev().glue.byHand(glue =>
      glue.createDatabase({
        CatalogId: DEV.accountId,
        DatabaseInput: {
          Name: 'sales_db',
          Description: 'made by hand',
          LocationUri: 's3://meshport-dev-datalake/sales/',
          Parameters: { classification: 'parquet' },
        },
        Tags: create.details.tags,
      }),
    );

    const results = await apply([{ ...create, id: 'u', action: 'update' }]);

    expect(results[0].status).toBe('succeeded');
    expect(dev().glue.database('sales_db')).toMatchObject({
      description: create.details.description,
      locationUri: 's3://meshport-dev-datalake/sales/',
      parameters: { classification: 'parquet' },
    });
  });

  it('creates a managed policy whose document IAM accepts, and updates it with a new version', async () => {
    const role = desired.roles.find(r => r.name === ROLE)!;
    const policy = role.managedPolicies[0];
    await apply([
      operation(`aws:dev:create:iam-managed-policy:${policy.name}`),
    ]);
    const changed = structuredClone(policy.document);
    changed.Statement.pop();
    const update = {
      ...operation(`aws:dev:create:iam-managed-policy:${policy.name}`),
      id: 'u',
      action: 'update' as const,
    };
    update.details = { ...update.details, document: changed as any };

    const results = await apply([update]);

    expect(results[0].status).toBe('succeeded');
    expect(dev().iam.policy(policy.arn)!.versions).toEqual(['v1', 'v2']);
    expect(samePolicy(dev().iam.policy(policy.arn)!.document, changed)).toBe(
      true,
    );
  });
});
