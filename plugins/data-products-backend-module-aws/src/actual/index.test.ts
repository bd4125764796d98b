import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { DEV, PRD, reconcileInput } from '../apply/__fixtures__/reconcileMesh';
import { applyAwsOperations } from '../apply';
import { diffAwsState } from '../apply/diff';
import { resolveAwsProvisionerConfig } from '../config';
import type { AwsDesiredState } from '../model';
import { planAwsDesiredState } from '../plan/planner';
import { product } from '../plan/__fixtures__/mesh';
import { FakeAws } from '../testing';
import { readActualAwsState } from './index';

const config = resolveAwsProvisionerConfig({});
const stubs = {
  iam: mockClient(IAMClient),
  glue: mockClient(GlueClient),
  athena: mockClient(AthenaClient),
  sts: mockClient(STSClient),
};
let cloud: FakeAws;
let desired: AwsDesiredState;

const options = {
  config,
  environments: [DEV, PRD],
  retry: { sleep: async () => {} },
};

beforeEach(async () => {
  for (const stub of Object.values(stubs)) stub.reset();
  cloud = new FakeAws([DEV, PRD], { pageSize: 3 });
  cloud.install(stubs);
  desired = planAwsDesiredState(reconcileInput(), config, {
    now: new Date('2025-06-01T00:00:00Z'),
  });
  const results = await applyAwsOperations(
    diffAwsState(desired, {
      roles: [],
      buckets: [],
      glueDatabases: [],
      workgroups: [],
    }),
    options,
  );
  if (results.some(r => r.status !== 'succeeded')) {
    throw new Error(`Setting up failed: ${JSON.stringify(results)}`);
  }
  cloud.resetCalls();
});

afterAll(() => {
  for (const stub of Object.values(stubs)) stub.restore();
});

const dev = () => cloud.account(DEV.accountId);

describe('readActualAwsState', () => {
  it('reads back what was applied, in the shape of the plan, with decoded documents', async () => {
    const actual = await readActualAwsState(desired, options);

    expect(actual.scope).toEqual({ environments: ['dev', 'prd'] });
    expect(actual.buckets).toEqual([]);
    expect(actual.unattachedPolicies).toEqual([]);
    const byName = (a: { name: string }, b: { name: string }) =>
      a.name.localeCompare(b.name);
    const expected = [...desired.roles]
      .map(({ grantedDatasets: _g, policyStatus: _s, ...role }) => role)
      .sort((a, b) =>
        `${a.environment}${a.name}`.localeCompare(`${b.environment}${b.name}`),
      );
    expect(
      [...actual.roles].sort((a, b) =>
        `${a.environment}${a.name}`.localeCompare(`${b.environment}${b.name}`),
      ),
    ).toEqual(expected);
    expect([...actual.glueDatabases].sort(byName)).toEqual(
      [...desired.glueDatabases].sort(byName),
    );
    expect([...actual.workgroups].sort(byName)).toEqual(
      [...desired.workgroups].sort(byName),
    );
    // Only reads.
    expect(cloud.writes()).toEqual([]);
  });

  it('pages through every list', async () => {
    await readActualAwsState(desired, options);
    const listRoles = dev().iam.callsOf('ListRoles');
    expect(listRoles.length).toBe(3); // 9 roles, 3 per page
    expect(listRoles.map(c => c.input.Marker)).toEqual([undefined, '3', '6']);
    expect(dev().glue.callsOf('GetDatabases').length).toBe(1);
  });

  it('leaves out what Meshport does not manage, and knows foreign policies by name only', async () => {
    const iam = dev().iam;
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
      ],
    });
    await iam.byHand(async fake => {
      await fake.createRole({
        RoleName: 'meshport-hand-dev-owner',
        Path: '/meshport/',
        AssumeRolePolicyDocument: trust,
      });
      await fake.createRole({
        RoleName: 'meshport-deep-dev-owner',
        Path: '/meshport/deeper/',
        AssumeRolePolicyDocument: trust,
        Tags: [{ Key: 'meshport:managed', Value: 'true' }],
      });
      await fake.attachRolePolicy({
        RoleName: 'meshport-churn-dev-owner',
        PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      });
      await fake.createPolicy({
        PolicyName: 'hand-made',
        Path: '/meshport/',
        PolicyDocument: trust,
      });
    });
    await dev().glue.byHand(glue =>
      glue.createDatabase({
        CatalogId: DEV.accountId,
        DatabaseInput: { Name: 'raw' },
      }),
    );

    const actual = await readActualAwsState(desired, options);

    const names = actual.roles.map(r => r.name);
    expect(names).not.toContain('meshport-hand-dev-owner');
    expect(names).not.toContain('meshport-deep-dev-owner');
    expect(actual.unattachedPolicies).toEqual([]);
    expect(actual.glueDatabases.map(d => d.name)).not.toContain('raw');
    expect(actual.workgroups.map(w => w.name)).not.toContain('primary');
    const owner = actual.roles.find(
      r => r.name === 'meshport-churn-dev-owner',
    )!;
    expect(owner.managedPolicies.at(-1)).toEqual({
      name: 'ReadOnlyAccess',
      arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      path: '',
      document: { Version: '2012-10-17', Statement: [] },
      tags: {},
    });
    expect(iam.callsOf('GetPolicy').map(c => c.input.PolicyArn)).not.toContain(
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    );
  });

  it('finds Meshport policies that no role has attached', async () => {
    const policy = desired.roles.find(
      r => r.name === 'meshport-churn-dev-owner',
    )!.managedPolicies[0];
    await dev().iam.byHand(fake =>
      fake.detachRolePolicy({
        RoleName: 'meshport-churn-dev-owner',
        PolicyArn: policy.arn,
      }),
    );

    const actual = await readActualAwsState(desired, options);

    expect(actual.unattachedPolicies).toEqual([
      { ...policy, environment: 'dev' },
    ]);
  });

  it('trusts a workgroup whose listed description is the planned one, without a call of its own', async () => {
    await readActualAwsState(desired, options);
    expect(dev().athena.callsOf('GetWorkGroup')).toEqual([]);
    expect(dev().athena.callsOf('ListTagsForResource')).toEqual([]);
    expect(dev().glue.callsOf('GetTags')).toEqual([]);
  });

  it('in a deep read, reports the real workgroup settings, so hand edits show up', async () => {
    await dev().athena.byHand(athena =>
      athena.updateWorkGroup({
        WorkGroup: 'meshport-churn-dev',
        ConfigurationUpdates: { EnforceWorkGroupConfiguration: false },
      }),
    );
    const actual = await readActualAwsState(desired, {
      ...options,
      deep: true,
    });
    expect(
      actual.workgroups.find(w => w.name === 'meshport-churn-dev')!
        .enforceWorkGroupConfiguration,
    ).toBe(false);
    expect(diffAwsState(desired, actual).map(o => o.id)).toEqual([
      'aws:dev:update:athena-workgroup:meshport-churn-dev',
    ]);
  });

  it('reads only the scoped environments and products', async () => {
    const actual = await readActualAwsState(desired, {
      ...options,
      scope: {
        dataProducts: ['dataproduct:default/Churn'],
        environments: ['dev'],
      },
    });
    expect(actual.scope).toEqual({
      environments: ['dev'],
      dataProducts: ['dataproduct:default/churn'],
    });
    expect(actual.roles.map(r => r.name).sort()).toEqual([
      'meshport-churn-dev-consumer',
      'meshport-churn-dev-owner',
      'meshport-churn-dev-service',
    ]);
    expect(actual.workgroups.map(w => w.name)).toEqual(['meshport-churn-dev']);
    expect(actual.glueDatabases).toEqual([]);
    expect(cloud.account(PRD.accountId).iam.calls).toEqual([]);
  });

  it('reads nothing in an environment whose credentials are of another account, and plans nothing there', async () => {
    cloud.useCredentialsOf(PRD.region, DEV.accountId);
    const actual = await readActualAwsState(desired, options);
    expect(actual.refusedEnvironments).toEqual(['prd']);
    expect(actual.problems).toEqual([
      {
        severity: 'error',
        environment: 'prd',
        message: expect.stringContaining(
          'Environment prd is account 222222222222, but its credentials are of account 111111111111',
        ),
      },
    ]);
    expect(cloud.account(PRD.accountId).iam.calls).toEqual([]);
    expect(actual.roles.every(r => r.environment === 'dev')).toBe(true);
    expect(actual.roles.length).toBeGreaterThan(0);
    // Without the refusal, the differ would plan prd from scratch.
    expect(diffAwsState(desired, actual)).toEqual([]);
  });

  it('refuses an environment in lake-formation mode: the reconciler does not apply Lake Formation yet', async () => {
    const lfConfig = resolveAwsProvisionerConfig({
      environments: { prd: { accessControl: 'lake-formation' } },
    });
    const lfDesired = planAwsDesiredState(reconcileInput(), lfConfig, {
      now: new Date('2025-06-01T00:00:00Z'),
    });
    const actual = await readActualAwsState(lfDesired, {
      ...options,
      config: lfConfig,
    });
    expect(actual.refusedEnvironments).toEqual(['prd']);
    expect(actual.problems).toContainEqual({
      severity: 'error',
      environment: 'prd',
      message: expect.stringContaining(
        'Environment prd is in lake-formation mode (meshport.environments[].aws.accessControl), which the reconciler does not apply yet',
      ),
    });
    // Nothing read there, and no operation planned: prd roles keep their IAM grants.
    expect(cloud.account(PRD.accountId).iam.calls).toEqual([]);
    expect(
      diffAwsState(lfDesired, actual).filter(op => op.environment === 'prd'),
    ).toEqual([]);
  });

  it('refuses an account whose quota the plan would exceed, before any write', async () => {
    const bigger = planAwsDesiredState(
      reconcileInput({
        products: [...reconcileInput().products, product('extra')],
      }),
      config,
      { now: new Date('2025-06-01T00:00:00Z') },
    );
    dev().iam.quotas.RolesQuota = dev().iam.roleNames().length + 1;
    const actual = await readActualAwsState(bigger, options);
    expect(actual.refusedEnvironments).toEqual(['dev']);
    expect(actual.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        environment: 'dev',
        message: expect.stringContaining(
          `IAM roles (Roles) in account 111111111111 (dev), ${
            dev().iam.roleNames().length
          } in use now, but the quota is ${dev().iam.roleNames().length + 1}`,
        ),
      }),
    ]);
    const operations = diffAwsState(bigger, actual);
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter(o => o.environment === 'dev')).toEqual([]);
  });

  it('names the environment when reading fails', async () => {
    dev().iam.failOn(
      'ListRoles',
      () => true,
      () =>
        Object.assign(
          new Error('User is not authorized to perform: iam:ListRoles'),
          { name: 'AccessDenied' },
        ),
    );
    await expect(readActualAwsState(desired, options)).rejects.toThrow(
      'Could not read the AWS state of environment dev (account 111111111111, eu-west-1): AccessDenied: User is not authorized to perform: iam:ListRoles',
    );
  });
});
