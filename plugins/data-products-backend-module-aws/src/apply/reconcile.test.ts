/*
 * Reconcile runs end to end through AwsProvisioner (plan -> read actual
 * state -> diff -> apply) against stateful fakes of IAM, Glue and Athena.
 * Only the SDK clients are mocked.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient, LimitExceededException } from '@aws-sdk/client-iam';
import type {
  OperationResult,
  ProvisioningInput,
  ProvisioningScope,
} from '@meshport/plugin-data-products-node';
import { LakeFormationClient } from '@aws-sdk/client-lakeformation';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveAwsProvisionerConfig } from '../config';
import { AwsProvisioner } from '../provisioner';
import { FakeAws } from '../testing';
import {
  DEV,
  grantsWithout,
  PRD,
  reconcileInput,
} from './__fixtures__/reconcileMesh';
import { samePolicy } from './policyDocuments';

// Our retry's backoff sleeps; recorded instead of waited for.
const mockSleeps: number[] = [];
jest.mock('node:timers/promises', () => ({
  setTimeout: (ms: number) => {
    mockSleeps.push(ms);
    return Promise.resolve();
  },
}));

const config = resolveAwsProvisionerConfig({});
const stubs = {
  iam: mockClient(IAMClient),
  glue: mockClient(GlueClient),
  athena: mockClient(AthenaClient),
  sts: mockClient(STSClient),
  s3: mockClient(S3Client),
  lakeformation: mockClient(LakeFormationClient),
};

let cloud: FakeAws;
let provisioner: AwsProvisioner;

beforeEach(() => {
  for (const stub of Object.values(stubs)) stub.reset();
  mockSleeps.length = 0;
  // Small pages, so every List call paginates.
  cloud = new FakeAws([DEV, PRD], { pageSize: 4 });
  cloud.install(stubs);
  provisioner = new AwsProvisioner({ config, environments: [DEV, PRD] });
});

afterAll(() => {
  for (const stub of Object.values(stubs)) stub.restore();
});

const dev = () => cloud.account(DEV.accountId);
const prd = () => cloud.account(PRD.accountId);

async function reconcile(
  input: ProvisioningInput = reconcileInput(),
  scope?: ProvisioningScope,
) {
  const plan = await provisioner.plan(input);
  const actual = await provisioner.readActualState(plan, { scope });
  const operations = provisioner.diff(plan, actual);
  const reported: OperationResult[] = [];
  const results = await provisioner.apply(operations, {
    onResult: async result => {
      reported.push(result);
    },
  });
  const byId = new Map(results.map(r => [r.operationId, r]));
  return { plan, operations, results, reported, byId };
}

function failures(results: OperationResult[]) {
  return results.filter(r => r.status !== 'succeeded');
}

describe('reconciling AWS', () => {
  it('creates everything from an empty account, and a second run writes nothing', async () => {
    const first = await reconcile();

    expect(failures(first.results)).toEqual([]);
    expect(first.reported).toEqual(first.results);
    expect(first.results.map(r => r.operationId)).toEqual(
      first.operations.map(o => o.id),
    );
    const plan = first.plan.desired;
    for (const { accountId, iam, glue, athena } of [dev(), prd()]) {
      const roles = plan.roles.filter(r => r.accountId === accountId);
      expect(iam.roleNames()).toEqual(roles.map(r => r.name).sort());
      for (const role of roles) {
        const actual = iam.role(role.name)!;
        expect(actual.path).toBe('/meshport/');
        expect(actual.tags).toEqual(role.tags);
        expect(actual.attached).toEqual(role.managedPolicies.map(p => p.arn));
        expect(Object.keys(actual.inline)).toEqual(
          role.inlinePolicies.map(p => p.name),
        );
        for (const inline of role.inlinePolicies) {
          expect(samePolicy(actual.inline[inline.name], inline.document)).toBe(
            true,
          );
        }
        for (const policy of role.managedPolicies) {
          expect(
            samePolicy(iam.policy(policy.arn)!.document, policy.document),
          ).toBe(true);
        }
      }
      const databases = plan.glueDatabases.filter(
        d => d.catalogId === accountId,
      );
      expect(glue.databaseNames()).toEqual(databases.map(d => d.name).sort());
      expect(glue.database('sales_db')!.tags).toMatchObject({
        'meshport:managed': 'true',
      });
      const workgroups = plan.workgroups.filter(w => w.arn.includes(accountId));
      expect(athena.workgroupNames()).toEqual(
        ['primary', ...workgroups.map(w => w.name)].sort(),
      );
    }
    // The consumer of 40 datasets needs managed policies besides the inline one.
    expect(dev().iam.policyNames()).toContain('meshport-churn-dev-consumer-1');

    cloud.resetCalls();
    const second = await reconcile();
    expect(second.operations).toEqual([]);
    expect(cloud.writes()).toEqual([]);
  });

  it("keeps two environments of one account apart: neither reads, changes nor deletes the other's roles", async () => {
    const alone = { ...DEV, readsFrom: [] };
    // Same account, other region (the fake shares IAM, as AWS does).
    const test = { ...alone, name: 'test', region: 'eu-west-2' };
    cloud = new FakeAws([alone, test], { pageSize: 4 });
    cloud.install(stubs);
    const input = (environments: Array<typeof alone>) =>
      reconcileInput({ environments, grants: [] });

    provisioner = new AwsProvisioner({ config, environments: [alone] });
    expect(failures((await reconcile(input([alone]))).results)).toEqual([]);
    const devRoles = dev().iam.roleNames();
    expect(devRoles.length).toBeGreaterThan(0);

    // A run that knows only test sees none of dev's roles, so deletes none.
    provisioner = new AwsProvisioner({ config, environments: [test] });
    const testOnly = await reconcile(input([test]));
    expect(failures(testOnly.results)).toEqual([]);
    expect(testOnly.operations.filter(o => o.action !== 'create')).toEqual([]);
    const roles = cloud.account(test.region).iam.roleNames();
    expect(roles).toEqual(expect.arrayContaining(devRoles));
    expect(roles.filter(r => r.includes('-test-')).length).toBe(
      devRoles.length,
    );

    // Both together: nothing left to do.
    provisioner = new AwsProvisioner({ config, environments: [alone, test] });
    cloud.resetCalls();
    expect((await reconcile(input([alone, test]))).operations).toEqual([]);
    expect(cloud.writes()).toEqual([]);
  });

  it('converges although AWS throttles, backing off', async () => {
    dev().iam.failNext(3, 'Throttling', { commands: ['ListRoles', 'GetRole'] });
    dev().iam.failNext(4, 'Throttling', {
      commands: [
        'CreateRole',
        'CreatePolicy',
        'AttachRolePolicy',
        'PutRolePolicy',
      ],
    });
    prd().glue.failNext(2, 'Throttling');
    prd().athena.failNext(2, 'Throttling', { commands: ['CreateWorkGroup'] });

    const first = await reconcile();

    expect(failures(first.results)).toEqual([]);
    expect(mockSleeps.length).toBeGreaterThanOrEqual(11);
    const throttled = dev().iam.calls.filter(
      c => c.error?.name === 'Throttling',
    );
    expect(throttled).toHaveLength(7);
    expect((await reconcile()).operations).toEqual([]);
  });

  it('reports a failure half-way and its skipped dependents, then resumes without creating anything twice', async () => {
    const iam = dev().iam;
    iam.failOn(
      'CreatePolicy',
      (_input, call) => call === 3,
      () =>
        new LimitExceededException({
          message: 'Cannot exceed quota for PoliciesPerAccount: 1500',
          $metadata: {},
        }),
    );

    const first = await reconcile();

    const failedCreate = iam.callsOf('CreatePolicy')[2];
    const policyName = failedCreate.input.PolicyName as string;
    const roleName = policyName.replace(/-\d+$/, '');
    const createId = `aws:dev:create:iam-managed-policy:${policyName}`;
    const attachId = `aws:dev:create:iam-role-policy-attachment:${roleName}/${policyName}`;
    expect(failures(first.results)).toEqual([
      expect.objectContaining({
        operationId: createId,
        status: 'failed',
        error: `LimitExceededException: IAM refused managed policy ${policyName} of role ${roleName} (not retried: the plan must change): Cannot exceed quota for PoliciesPerAccount: 1500`,
      }),
      expect.objectContaining({
        operationId: attachId,
        status: 'skipped',
        error: `Depends on ${createId}, which failed`,
      }),
    ]);
    // Independent operations after the failure still ran.
    expect(
      first.byId.get(`aws:prd:create:athena-workgroup:meshport-sales-prd`)
        ?.status,
    ).toBe('succeeded');

    cloud.clearFaults();
    const second = await reconcile();
    expect(second.operations.map(o => o.id)).toEqual([createId, attachId]);
    expect(failures(second.results)).toEqual([]);

    for (const account of cloud.accounts) {
      for (const [service, command, name] of [
        [account.iam, 'CreateRole', (i: any) => i.RoleName],
        [account.iam, 'CreatePolicy', (i: any) => i.PolicyName],
        [account.glue, 'CreateDatabase', (i: any) => i.DatabaseInput.Name],
        [account.athena, 'CreateWorkGroup', (i: any) => i.Name],
      ] as const) {
        const names = service
          .writes(command)
          .filter(c => !c.error)
          .map(c => name(c.input));
        expect(new Set(names).size).toBe(names.length);
      }
    }
    expect((await reconcile()).operations).toEqual([]);
  });

  it('restores a managed policy edited by hand and an inline policy deleted by hand', async () => {
    const first = await reconcile();
    const role = first.plan.desired.roles.find(
      r => r.name === 'meshport-churn-dev-consumer',
    )!;
    const managed = role.managedPolicies[0];
    const inline = role.inlinePolicies[0];
    const iam = dev().iam;
    await iam.byHand(async fake => {
      await fake.createPolicyVersion({
        PolicyArn: managed.arn,
        SetAsDefault: true,
        PolicyDocument: JSON.stringify(
          {
            ...managed.document,
            Statement: [
              ...managed.document.Statement,
              { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            ],
          },
          null,
          2,
        ),
      });
      await fake.deleteRolePolicy({
        RoleName: role.name,
        PolicyName: inline.name,
      });
    });

    const second = await reconcile();

    expect(second.operations.map(o => o.id)).toEqual([
      `aws:dev:update:iam-managed-policy:${managed.name}`,
      `aws:dev:create:iam-inline-policy:${role.name}/${inline.name}`,
    ]);
    expect(failures(second.results)).toEqual([]);
    expect(
      samePolicy(iam.policy(managed.arn)!.document, managed.document),
    ).toBe(true);
    expect(
      samePolicy(iam.role(role.name)!.inline[inline.name], inline.document),
    ).toBe(true);
    expect(iam.policy(managed.arn)!.versions).toEqual(['v1', 'v2', 'v3']);
    expect((await reconcile()).operations).toEqual([]);
  });

  it('keeps at most five policy versions, deleting the oldest non-default one first', async () => {
    const first = await reconcile();
    const managed = first.plan.desired.roles.find(
      r => r.name === 'meshport-sales-dev-consumer',
    )!.managedPolicies[0];
    const iam = dev().iam;
    await iam.byHand(async fake => {
      for (let i = 0; i < 4; i++) {
        await fake.createPolicyVersion({
          PolicyArn: managed.arn,
          SetAsDefault: true,
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: `Hand${i}`,
                Effect: 'Allow',
                Action: 's3:*',
                Resource: '*',
              },
            ],
          }),
        });
      }
    });
    expect(iam.policy(managed.arn)!.versions).toHaveLength(5);

    const second = await reconcile();

    expect(failures(second.results)).toEqual([]);
    expect(iam.policy(managed.arn)!.versions).toEqual([
      'v2',
      'v3',
      'v4',
      'v5',
      'v6',
    ]);
    expect(iam.policy(managed.arn)!.defaultVersion).toBe('v6');
    expect(
      samePolicy(iam.policy(managed.arn)!.document, managed.document),
    ).toBe(true);
  });

  it('never touches roles it does not manage, and reports a name conflict instead of taking a role over', async () => {
    const iam = dev().iam;
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    const inline = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    await iam.byHand(async fake => {
      // Under the path, without the managed tag.
      await fake.createRole({
        RoleName: 'meshport-legacy-dev-consumer',
        Path: '/meshport/',
        AssumeRolePolicyDocument: trust,
        Tags: [
          { Key: 'meshport:data-product', Value: 'dataproduct:default/legacy' },
        ],
      });
      await fake.putRolePolicy({
        RoleName: 'meshport-legacy-dev-consumer',
        PolicyName: 'meshport-legacy-dev-consumer-inline',
        PolicyDocument: inline,
      });
      // Tagged as managed, but outside the path.
      await fake.createRole({
        RoleName: 'team-admin',
        Path: '/',
        AssumeRolePolicyDocument: trust,
        Tags: [{ Key: 'meshport:managed', Value: 'true' }],
      });
      // A desired name, taken by someone else.
      await fake.createRole({
        RoleName: 'meshport-marketing-dev-owner',
        Path: '/meshport/',
        AssumeRolePolicyDocument: trust,
      });
    });
    const before = [
      'meshport-legacy-dev-consumer',
      'team-admin',
      'meshport-marketing-dev-owner',
    ].map(n => iam.role(n));

    const first = await reconcile();

    const touched = cloud
      .writes()
      .filter(c =>
        [
          'meshport-legacy-dev-consumer',
          'team-admin',
          'meshport-marketing-dev-owner',
        ].includes(c.input.RoleName),
      );
    expect(touched).toEqual([
      // Only the attempt to create the taken name, which IAM refused.
      expect.objectContaining({
        command: 'CreateRole',
        input: expect.objectContaining({
          RoleName: 'meshport-marketing-dev-owner',
        }),
      }),
    ]);
    expect(
      [
        'meshport-legacy-dev-consumer',
        'team-admin',
        'meshport-marketing-dev-owner',
      ].map(n => iam.role(n)),
    ).toEqual(before);
    const conflict = first.byId.get(
      'aws:dev:create:iam-role:meshport-marketing-dev-owner',
    )!;
    expect(conflict.status).toBe('failed');
    expect(conflict.error).toMatch(
      /IAM role meshport-marketing-dev-owner exists but is not managed by Meshport/,
    );
    expect(
      first.byId.get(
        'aws:dev:create:iam-inline-policy:meshport-marketing-dev-owner/meshport-marketing-dev-owner-inline',
      ),
    ).toMatchObject({
      status: 'skipped',
      error:
        'Depends on aws:dev:create:iam-role:meshport-marketing-dev-owner, which failed',
    });
    expect(failures(first.results)).toHaveLength(2);
  });

  it('removes exactly the access of a revoked grant and changes nothing else', async () => {
    const first = await reconcile();
    const snapshot = (name: string) => {
      const role = dev().iam.role(name) ?? prd().iam.role(name);
      const policies = role!.attached.map(
        arn => (dev().iam.policy(arn) ?? prd().iam.policy(arn))!.document,
      );
      return { ...role, policies };
    };
    const names = first.plan.desired.roles.map(r => r.name);
    const before = new Map(names.map(n => [n, snapshot(n)]));

    const second = await reconcile(
      reconcileInput({ grants: grantsWithout('orders-7') }),
    );

    expect(failures(second.results)).toEqual([]);
    expect(second.operations.length).toBeGreaterThan(0);
    for (const operation of second.operations) {
      expect(operation.dataProduct).toBe('dataproduct:default/churn');
      expect(operation.resourceType).toMatch(/^iam-(inline|managed)-policy$/);
      expect(operation.action).toBe('update');
    }
    const consumerRoles = names.filter(n => n.startsWith('meshport-churn-'));
    expect(consumerRoles).toHaveLength(6);
    for (const name of consumerRoles) {
      const { inline, policies, ...rest } = snapshot(name);
      const text = JSON.stringify([inline, policies]);
      expect(text).not.toContain('sales/orders-7/');
      expect(text).not.toContain('table/sales_db/orders_7"');
      expect(text).toContain('sales/orders-8/');
      const { inline: _i, policies: _p, ...restBefore } = before.get(name)!;
      expect(rest).toEqual(restBefore);
    }
    for (const name of names.filter(n => !consumerRoles.includes(n))) {
      expect(snapshot(name)).toEqual(before.get(name));
    }
    expect(
      (await reconcile(reconcileInput({ grants: grantsWithout('orders-7') })))
        .operations,
    ).toEqual([]);
  });

  it('retries attaching policies while IAM does not show a new role yet', async () => {
    dev().iam.simulateEventualConsistency(1);

    const first = await reconcile();

    expect(failures(first.results)).toEqual([]);
    const notYet = dev().iam.calls.filter(
      c => c.error?.name === 'NoSuchEntityException',
    );
    // The first attach (or put, for roles without managed policies) of each of the 9 new roles.
    expect(notYet.length).toBe(9);
    expect(new Set(notYet.map(c => c.command))).toEqual(
      new Set(['AttachRolePolicy', 'PutRolePolicy']),
    );
    expect(mockSleeps).toHaveLength(9);
    expect((await reconcile()).operations).toEqual([]);
  });

  it('releases a removed product: its roles, policies and workgroups, and only empty databases', async () => {
    await reconcile();
    dev().glue.addTable('marketing_db', 'campaigns_2024');
    const withoutMarketing = reconcileInput();
    withoutMarketing.products = withoutMarketing.products.filter(
      p => p.metadata.name !== 'marketing',
    );

    const second = await reconcile(withoutMarketing);

    expect(
      dev()
        .iam.roleNames()
        .filter(n => n.includes('marketing')),
    ).toEqual([]);
    expect(
      prd()
        .iam.roleNames()
        .filter(n => n.includes('marketing')),
    ).toEqual([]);
    expect(dev().athena.workgroupNames()).not.toContain(
      'meshport-marketing-dev',
    );
    expect(prd().glue.databaseNames()).not.toContain('marketing_db');
    // A database with tables is kept, and the run says why.
    expect(dev().glue.databaseNames()).toContain('marketing_db');
    expect(failures(second.results)).toEqual([
      expect.objectContaining({
        operationId: 'aws:dev:delete:glue-database:marketing_db',
        status: 'failed',
        error: expect.stringContaining('still holds tables'),
      }),
    ]);
    const deletes = second.operations
      .filter(o => o.action === 'delete')
      .map(o => o.id);
    // Inline policies go before their roles.
    expect(
      deletes.indexOf(
        'aws:dev:delete:iam-inline-policy:meshport-marketing-dev-owner/meshport-marketing-dev-owner-inline',
      ),
    ).toBeLessThan(
      deletes.indexOf('aws:dev:delete:iam-role:meshport-marketing-dev-owner'),
    );
  });

  it('within a scope, reads, creates and deletes only the scoped products and environments', async () => {
    const scope = { dataProducts: ['churn'], environments: ['dev'] };

    const first = await reconcile(reconcileInput(), scope);

    expect(failures(first.results)).toEqual([]);
    expect(dev().iam.roleNames()).toEqual([
      'meshport-churn-dev-consumer',
      'meshport-churn-dev-owner',
      'meshport-churn-dev-service',
    ]);
    expect(prd().iam.roleNames()).toEqual([]);
    expect(prd().iam.calls).toEqual([]);
    cloud.resetCalls();
    expect((await reconcile(reconcileInput(), scope)).operations).toEqual([]);
    // Read in bulk, not role by role, and in the scoped environment only.
    expect(dev().iam.callsOf('GetRole')).toEqual([]);
    expect(
      dev().iam.callsOf('GetAccountAuthorizationDetails').length,
    ).toBeGreaterThan(0);
    expect(prd().iam.calls).toEqual([]);

    // Another product's resources are not deleted by a scoped run.
    await reconcile();
    const withoutSales = reconcileInput({
      products: reconcileInput().products.filter(
        p => p.metadata.name !== 'sales',
      ),
    });
    const scoped = await reconcile(withoutSales, scope);
    expect(
      scoped.operations.every(
        o => o.dataProduct === 'dataproduct:default/churn',
      ),
    ).toBe(true);
    expect(dev().iam.roleNames()).toContain('meshport-sales-dev-owner');
  });
});
