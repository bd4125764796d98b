import { assumeApplied } from '../apply/assume';
import { DEV, PRD, reconcileInput } from '../apply/__fixtures__/reconcileMesh';
import { resolveAwsProvisionerConfig } from '../config';
import { planAwsDesiredState } from '../plan/planner';
import { AccountUsage, checkAccountQuotas } from './quotas';

const desired = planAwsDesiredState(
  reconcileInput(),
  resolveAwsProvisionerConfig({}),
  { now: new Date('2025-06-01T00:00:00Z') },
);
const devRoles = desired.roles.filter(r => r.environment === 'dev');
const empty = {
  roles: [],
  unattachedPolicies: [],
  glueDatabases: [],
  workgroups: [],
};

function usage(overrides: Partial<AccountUsage> = {}): AccountUsage {
  return {
    accountId: DEV.accountId,
    region: DEV.region,
    environments: ['dev'],
    iam: {
      Roles: 0,
      RolesQuota: 1000,
      Policies: 0,
      PoliciesQuota: 1500,
      AttachedPoliciesPerRoleQuota: 10,
      AssumeRolePolicySizeQuota: 2048,
    },
    workgroups: 1,
    glueDatabases: 0,
    ...overrides,
  };
}

describe('checkAccountQuotas', () => {
  it('lets a plan through that fits every quota', () => {
    expect(checkAccountQuotas(usage(), desired, empty)).toEqual([]);
  });

  it('names the quota, the current use, the planned use and the limit', () => {
    const problems = checkAccountQuotas(
      usage({ iam: { ...usage().iam, Roles: 995 } }),
      desired,
      empty,
    );
    expect(problems).toEqual([
      {
        severity: 'error',
        environment: 'dev',
        message: `The plan needs ${(995 + devRoles.length).toLocaleString(
          'en-US',
        )} IAM roles (Roles) in account 111111111111 (dev), 995 in use now, but the quota is 1,000: nothing is written in the account until the quota is raised or the plan shrinks`,
      },
    ]);
  });

  it('counts what the plan removes, and refuses nothing already in place', () => {
    const applied = assumeApplied(desired);
    // All dev roles exist: the account is at its quota, but nothing is added.
    expect(
      checkAccountQuotas(
        usage({ iam: { ...usage().iam, Roles: 1000 } }),
        desired,
        applied,
      ),
    ).toEqual([]);
  });

  it('checks Athena workgroups per Region and Glue databases', () => {
    const problems = checkAccountQuotas(
      usage({ workgroups: 999, glueDatabases: 10000 }),
      desired,
      empty,
    );
    expect(problems.map(p => p.message)).toEqual([
      expect.stringContaining(
        'Athena workgroups in eu-west-1 in account 111111111111 (dev), 999 in use now, but the quota is 1,000',
      ),
      expect.stringContaining(
        'Glue databases in account 111111111111 (dev), 10,000 in use now, but the quota is 10,000',
      ),
    ]);
  });

  it('counts policies attached by someone else against the per-role quota, and checks trust policy size', () => {
    const applied = assumeApplied(desired);
    const consumer = applied.roles.find(
      r => r.name === 'meshport-churn-dev-consumer',
    )!;
    const own = desired.roles.find(r => r.name === consumer.name)!;
    for (let i = 0; i < 10 - own.managedPolicies.length + 1; i++) {
      consumer.managedPolicies.push({
        name: `hand-made-${i}`,
        arn: `arn:aws:iam::111111111111:policy/hand-made-${i}`,
        path: '',
        document: { Version: '2012-10-17', Statement: [] },
        tags: {},
      });
    }
    const problems = checkAccountQuotas(
      usage({ iam: { ...usage().iam, AssumeRolePolicySizeQuota: 100 } }),
      desired,
      applied,
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        role: consumer.name,
        message: expect.stringContaining(
          `of Meshport's, ${
            11 - own.managedPolicies.length
          } attached by someone else), but the quota AttachedPoliciesPerRoleQuota of account 111111111111 is 10`,
        ),
      }),
    );
    expect(
      problems.filter(p =>
        p.message.includes(
          'AssumeRolePolicySizeQuota of account 111111111111 is 100',
        ),
      ),
    ).toHaveLength(devRoles.length);
  });

  it('checks IAM per account and Athena and Glue per Region, separately', () => {
    const full = usage({
      iam: { ...usage().iam, Roles: 995 },
      workgroups: 999,
    });
    const iam = checkAccountQuotas(full, desired, empty, 'iam');
    const regional = checkAccountQuotas(full, desired, empty, 'regional');
    expect(iam.map(p => p.message)).toEqual([
      expect.stringContaining('IAM roles (Roles)'),
    ]);
    expect(regional.map(p => p.message)).toEqual([
      expect.stringContaining('Athena workgroups in eu-west-1'),
    ]);
  });

  it('sums environments sharing an account', () => {
    const problems = checkAccountQuotas(
      usage({
        environments: ['dev', 'prd'],
        iam: { ...usage().iam, RolesQuota: devRoles.length + 1 },
      }),
      desired,
      empty,
    );
    expect(problems[0].message).toContain('(dev, prd)');
    expect(PRD.accountId).not.toBe(DEV.accountId);
  });
});
