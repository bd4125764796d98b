/*
 * Quota preflight: before anything is written in an account, would the plan
 * fit its quotas? IAM's come from `GetAccountSummary` (Roles/RolesQuota,
 * Policies/PoliciesQuota, AttachedPoliciesPerRoleQuota,
 * AssumeRolePolicySizeQuota); Athena's workgroups per Region and Glue's
 * databases per account are counted from the listings and compared with
 * their default quotas. A plan that would exceed one is refused for the
 * account, with a problem naming the quota, the current use, the planned use
 * and the limit.
 */
import type { AwsActualState, AwsDesiredState, AwsPlanProblem } from '../model';
import { policyJson } from '../apply/policyDocuments';

/** Athena's default quota of workgroups per account and Region. */
export const ATHENA_WORKGROUPS_PER_REGION = 1000;
/** Glue's default quota of databases per account (and Region). */
export const GLUE_DATABASES_PER_ACCOUNT = 10000;

/** What was read of one account (and the Region of its environments). */
export interface AccountUsage {
  accountId: string;
  region: string;
  /**
   * The environments counted: for IAM every environment of the account, for
   * Athena and Glue those of the account in `region`.
   */
  environments: string[];
  /** IAM's `GetAccountSummary` map. */
  iam: Record<string, number>;
  /** Every workgroup in the Region, Meshport's or not. */
  workgroups: number;
  /** Every Glue database in the catalog, Meshport's or not. */
  glueDatabases: number;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Pure: the quotas the plan would exceed in one account, given what was read
 * there. `services`: IAM's quotas (per account) or Athena's and Glue's (per
 * account and Region); both by default.
 */
export function checkAccountQuotas(
  usage: AccountUsage,
  desired: Pick<AwsDesiredState, 'roles' | 'glueDatabases' | 'workgroups'>,
  actual: Pick<
    AwsActualState,
    'roles' | 'unattachedPolicies' | 'glueDatabases' | 'workgroups'
  >,
  services: 'iam' | 'regional' | 'all' = 'all',
): AwsPlanProblem[] {
  const inAccount = (e: { environment: string }) =>
    usage.environments.includes(e.environment);
  const problems: AwsPlanProblem[] = [];
  const environment = usage.environments.join(', ');
  const refuse = (
    quota: string,
    current: number,
    planned: number,
    limit: number,
  ) => {
    if (planned <= limit || planned <= current) return;
    problems.push({
      severity: 'error',
      environment: usage.environments[0],
      message: `The plan needs ${count(planned)} ${quota} in account ${
        usage.accountId
      } (${environment}), ${count(
        current,
      )} in use now, but the quota is ${count(
        limit,
      )}: nothing is written in the account until the quota is raised or the plan shrinks`,
    });
  };
  /** Current account-wide use plus what the plan adds, minus what it removes. */
  const planned = (current: number, wanted: Set<string>, have: Set<string>) =>
    current +
    [...wanted].filter(n => !have.has(n)).length -
    [...have].filter(n => !wanted.has(n)).length;

  if (services !== 'regional') {
    checkIam();
  }
  if (services !== 'iam') {
    checkRegional();
  }
  return problems;

  function checkIam() {
    const wantedRoles = desired.roles.filter(inAccount);
    const haveRoles = actual.roles.filter(inAccount);
    const roles = usage.iam.Roles ?? 0;
    refuse(
      'IAM roles (Roles)',
      roles,
      planned(
        roles,
        new Set(wantedRoles.map(r => r.name)),
        new Set(haveRoles.map(r => r.name)),
      ),
      usage.iam.RolesQuota ?? Infinity,
    );

    const policies = usage.iam.Policies ?? 0;
    const ownPolicy = (p: { path: string }) => p.path !== '';
    refuse(
      'customer managed policies (Policies)',
      policies,
      planned(
        policies,
        new Set(wantedRoles.flatMap(r => r.managedPolicies.map(p => p.arn))),
        new Set([
          ...haveRoles.flatMap(r =>
            r.managedPolicies.filter(ownPolicy).map(p => p.arn),
          ),
          ...(actual.unattachedPolicies ?? [])
            .filter(inAccount)
            .map(p => p.arn),
        ]),
      ),
      usage.iam.PoliciesQuota ?? Infinity,
    );

    const attachedLimit = usage.iam.AttachedPoliciesPerRoleQuota ?? Infinity;
    const trustLimit = usage.iam.AssumeRolePolicySizeQuota ?? Infinity;
    const haveByName = new Map(haveRoles.map(r => [r.name, r]));
    for (const role of wantedRoles) {
      // Policies attached by someone else stay, and count against the quota.
      const foreign =
        haveByName.get(role.name)?.managedPolicies.filter(p => !ownPolicy(p))
          .length ?? 0;
      const attached = role.managedPolicies.length + foreign;
      if (attached > attachedLimit) {
        problems.push({
          severity: 'error',
          environment: role.environment,
          dataProduct: role.dataProduct,
          role: role.name,
          message: `Role ${role.name} would have ${attached} managed policies attached (${role.managedPolicies.length} of Meshport's, ${foreign} attached by someone else), but the quota AttachedPoliciesPerRoleQuota of account ${usage.accountId} is ${attachedLimit}: detach the others or lower meshport.aws.maxManagedPoliciesPerRole`,
        });
      }
      const trustSize = policyJson(role.trustPolicy).replace(/\s+/g, '').length;
      if (trustSize > trustLimit) {
        problems.push({
          severity: 'error',
          environment: role.environment,
          dataProduct: role.dataProduct,
          role: role.name,
          message: `The trust policy of role ${role.name} has ${count(
            trustSize,
          )} characters, but the quota AssumeRolePolicySizeQuota of account ${
            usage.accountId
          } is ${count(trustLimit)}: trust fewer principals or raise the quota`,
        });
      }
    }
  }

  function checkRegional() {
    refuse(
      `Athena workgroups in ${usage.region}`,
      usage.workgroups,
      planned(
        usage.workgroups,
        new Set(desired.workgroups.filter(inAccount).map(w => w.name)),
        new Set(actual.workgroups.filter(inAccount).map(w => w.name)),
      ),
      ATHENA_WORKGROUPS_PER_REGION,
    );
    refuse(
      'Glue databases',
      usage.glueDatabases,
      planned(
        usage.glueDatabases,
        new Set(desired.glueDatabases.filter(inAccount).map(d => d.name)),
        new Set(actual.glueDatabases.filter(inAccount).map(d => d.name)),
      ),
      GLUE_DATABASES_PER_ACCOUNT,
    );
  }
}
