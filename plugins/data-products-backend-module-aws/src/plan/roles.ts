/*
 * A product's three roles in each environment: their names (and the Athena
 * workgroup's), and each role planned whole: trust, tags, policies packed
 * within IAM's quotas.
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { effectiveEnvironmentSettings } from '../environmentConfig';
import { policyJson } from '../apply/policyDocuments';
import type { AwsProvisionerConfig } from '../config';
import {
  AWS_ROLE_KINDS,
  AwsAthenaWorkgroup,
  AwsPlanProblem,
  AwsRole,
  AwsRoleKind,
  AwsTags,
  TAG_ROLE,
} from '../model';
import { roleName, workgroupName } from './names';
import { packStatements } from './packing';
import {
  findPolicyViolations,
  formatCount,
  IAM_INLINE_POLICIES_MAX_CHARS,
  IAM_MANAGED_POLICY_MAX_CHARS,
} from './policyLimits';
import { buildStatementSpecs } from './permissions';
import type { GrantedInstance } from './grants';
import { planProductReads, planRoleAccess, ProductReads } from './roleAccess';
import {
  ATHENA_RESULTS_FOLDER,
  byKey,
  managedTags,
  ProductEnvironmentState,
  readableEnvironments,
  stateKey,
} from './shared';
import { trustPolicy } from './trust';

/** IAM's default AssumeRolePolicySizeQuota (raisable to 4,096). */
export const IAM_DEFAULT_TRUST_POLICY_MAX_CHARS = 2048;

/**
 * Names the roles and the Athena workgroup of every product state (setting
 * `roleNames` and `workgroup`); duplicate role names are errors and leave
 * the state without roles. Returns the planned workgroups.
 */
export function nameRolesAndWorkgroups(
  states: Iterable<ProductEnvironmentState>,
  config: AwsProvisionerConfig,
  problems: AwsPlanProblem[],
): AwsAthenaWorkgroup[] {
  const roleOwners = new Map<string, string>();
  const workgroups: AwsAthenaWorkgroup[] = [];
  for (const state of states) {
    const { product, environment } = state;
    const names = {} as Record<AwsRoleKind, string>;
    let ok = true;
    for (const kind of AWS_ROLE_KINDS) {
      const name = roleName(
        config.rolePrefix,
        product.ref,
        environment.name,
        kind,
      );
      const owner = name && roleOwners.get(`${environment.accountId}:${name}`);
      if (!name || (owner && owner !== product.ref)) {
        problems.push({
          severity: 'error',
          dataProduct: product.ref,
          environment: environment.name,
          message: name
            ? `Role name ${name} is already used by ${owner}; rename one of the products`
            : `No valid IAM role name for ${product.ref} in ${environment.name}: shorten meshport.aws.rolePrefix or the environment name`,
        });
        ok = false;
        break;
      }
      names[kind] = name;
    }
    if (!ok) continue;
    for (const kind of AWS_ROLE_KINDS) {
      roleOwners.set(`${environment.accountId}:${names[kind]}`, product.ref);
    }
    state.roleNames = names;

    const wgName = workgroupName(
      config.rolePrefix,
      product.ref,
      environment.name,
    );
    if (wgName && state.workspace) {
      state.workgroup = {
        environment: environment.name,
        name: wgName,
        arn: state.arns.athenaWorkgroup(wgName),
        dataProduct: product.ref,
        outputLocation: `s3://${state.workspace.bucket}/${state.workspace.prefix}${ATHENA_RESULTS_FOLDER}`,
        bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        description: `Athena workgroup of data product ${product.ref} in ${environment.name}`,
        tags: managedTags(product.ref, environment.name),
      };
      workgroups.push(state.workgroup);
    }
  }
  return workgroups;
}

/**
 * Every named product's roles, environment by environment (config order),
 * products in ref order; warns of environment settings left out.
 */
export function planRoles(
  environments: MeshportEnvironment[],
  states: Map<string, ProductEnvironmentState>,
  grantedInstances: Map<string, GrantedInstance[]>,
  config: AwsProvisionerConfig,
  problems: AwsPlanProblem[],
): AwsRole[] {
  const roles: AwsRole[] = [];
  for (const environment of environments) {
    for (const message of effectiveEnvironmentSettings(config, environment)
      .leftOut) {
      problems.push({
        severity: 'warning',
        environment: environment.name,
        message,
      });
    }
    const envStates = [...states.values()]
      .filter(s => s.environment.name === environment.name && s.roleNames)
      .sort(byKey(s => s.product.ref));
    for (const state of envStates) {
      const granted =
        grantedInstances.get(stateKey(environment.name, state.product.ref)) ??
        [];
      const ownReadable = readableEnvironments(environment)
        .map(name => states.get(stateKey(name, state.product.ref)))
        .filter((s): s is ProductEnvironmentState => !!s);
      const reads = planProductReads(state, ownReadable, granted, config);
      for (const kind of AWS_ROLE_KINDS) {
        roles.push(planRole(kind, state, reads, config, problems));
      }
    }
  }
  return roles;
}

const ROLE_PURPOSES: Record<AwsRoleKind, string> = {
  consumer:
    'read its granted input datasets and its own outputs, and query them in its Athena workgroup',
  service:
    'run its pipelines: read its granted inputs, read and write its own outputs and workspace, publish metrics',
  owner:
    'manage the product: everything the service role may do plus managing its own Glue databases',
};

function planRole(
  kind: AwsRoleKind,
  state: ProductEnvironmentState,
  reads: ProductReads,
  config: AwsProvisionerConfig,
  problems: AwsPlanProblem[],
): AwsRole {
  const { product, environment, arns } = state;
  const name = state.roleNames![kind];
  const settings = effectiveEnvironmentSettings(config, environment);
  const { access, grantedDatasets } = planRoleAccess(
    kind,
    state,
    reads,
    config,
  );

  const tags: AwsTags = {
    ...managedTags(product.ref, environment.name),
    [TAG_ROLE]: kind,
  };
  const role: AwsRole = {
    name,
    arn: arns.role(config.rolePath, name),
    path: config.rolePath,
    environment: environment.name,
    accountId: environment.accountId,
    dataProduct: product.ref,
    kind,
    purpose: `The ${kind} role of data product ${product.ref} in ${environment.name}: ${ROLE_PURPOSES[kind]}.`,
    trustPolicy: trustPolicy(
      settings.trust[kind],
      product.ref,
      environment,
      arns,
    ),
    tags,
    maxSessionDuration: config.maxSessionDuration,
    ...(settings.permissionsBoundaryArn
      ? { permissionsBoundaryArn: settings.permissionsBoundaryArn }
      : {}),
    policyStatus: 'planned',
    managedPolicies: [],
    inlinePolicies: [],
    grantedDatasets,
  };

  // IAM's default quota for trust policies; accounts may raise it to 4,096
  // (the apply-time preflight reads the account's own quota).
  const trustSize = policyJson(role.trustPolicy).replace(/\s+/g, '').length;
  if (trustSize > IAM_DEFAULT_TRUST_POLICY_MAX_CHARS) {
    problems.push({
      severity: 'warning',
      dataProduct: product.ref,
      environment: environment.name,
      role: name,
      message: `The trust policy of role ${name} has ${formatCount(
        trustSize,
      )} characters, more than IAM's default quota of ${formatCount(
        IAM_DEFAULT_TRUST_POLICY_MAX_CHARS,
      )} (AssumeRolePolicySizeQuota): trust fewer principals or raise the account's quota`,
    });
  }
  const inlineName = `${name}-inline`;
  const packed = packStatements(buildStatementSpecs(access), {
    maxManagedPolicies: config.maxManagedPoliciesPerRole,
    inlineReservedChars: inlineName.length,
  });
  const fail = (message: string) => {
    problems.push({
      severity: 'error',
      dataProduct: product.ref,
      environment: environment.name,
      role: name,
      message,
    });
    return { ...role, policyStatus: 'quota-exceeded' as const };
  };
  if (!packed.fits) {
    const max = config.maxManagedPoliciesPerRole;
    return fail(
      `Role ${name} needs ${formatCount(
        packed.neededChars,
      )} characters of policy but IAM allows ${formatCount(
        packed.allowedChars,
      )} ` +
        `(${max} managed × ${formatCount(
          IAM_MANAGED_POLICY_MAX_CHARS,
        )} + ${formatCount(IAM_INLINE_POLICIES_MAX_CHARS)} inline): ` +
        `${grantedDatasets.length} granted datasets; raise meshport.aws.maxManagedPoliciesPerRole (max 20) or use Lake Formation`,
    );
  }
  const managedPolicies = packed.managed.map((document, i) => {
    const policyName = `${name}-${i + 1}`;
    return {
      name: policyName,
      arn: arns.policy(config.rolePath, policyName),
      path: config.rolePath,
      document,
      tags,
    };
  });
  const inlinePolicies = packed.inline
    ? [{ name: inlineName, document: packed.inline }]
    : [];
  const violations = findPolicyViolations(
    managedPolicies,
    inlinePolicies,
    config.maxManagedPoliciesPerRole,
  );
  if (violations.length) {
    return fail(
      `Role ${name}: the planned policies would be rejected by IAM (${violations.join(
        '; ',
      )})`,
    );
  }
  return { ...role, managedPolicies, inlinePolicies };
}
