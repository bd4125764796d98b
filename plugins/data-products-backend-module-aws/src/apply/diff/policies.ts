/*
 * The IAM policy family of the differ: a role's managed policies, their
 * attachments and its inline policies, and the deletion of managed policies
 * no role wants any more (after they are detached).
 */
import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
import type {
  AwsActualState,
  AwsDesiredState,
  AwsManagedPolicy,
  AwsRole,
} from '../../model';
import { TAG_DATA_PRODUCT } from '../../model';
import {
  AttachmentDetails,
  InlinePolicyDetails,
  isManaged,
  makeOperation,
  ManagedPolicyDetails,
  staleMeshportTags,
} from '../operations';
import { samePolicy } from '../policyDocuments';
import { Emit, InScope, key, Phase, tagsDiffer } from './common';

export type ActualRole = AwsActualState['roles'][number];

interface PolicyToDelete {
  environment: string;
  accountId: string;
  roleName: string;
  policy: AwsManagedPolicy;
  dependsOn: string[];
}

/**
 * The managed policies to delete: managed ones that no role wants (in or
 * out of scope), that no role over quota keeps, once detached everywhere.
 */
export class PolicyDeletes {
  private readonly desiredPolicies: Set<string>;
  private readonly keptPrefixes: Array<{ environment: string; prefix: string }>;
  /** Managed policies attached to no role, by `key(environment, arn)`. */
  readonly unattached = new Map<
    string,
    AwsManagedPolicy & { environment: string }
  >();
  private readonly deletes = new Map<string, PolicyToDelete>();

  constructor(desired: AwsDesiredState, actual: AwsActualState) {
    // Every policy any role wants, in or out of scope: never deleted.
    this.desiredPolicies = new Set(
      desired.roles.flatMap(r =>
        r.managedPolicies.map(p => key(r.environment, p.arn)),
      ),
    );
    // Roles over quota keep every policy named after them.
    this.keptPrefixes = desired.roles
      .filter(r => r.policyStatus !== 'planned')
      .map(r => ({ environment: r.environment, prefix: `${r.name}-` }));
    for (const policy of actual.unattachedPolicies ?? []) {
      if (isManaged(policy.tags)) {
        this.unattached.set(key(policy.environment, policy.arn), policy);
      }
    }
  }

  private isKept(environment: string, policyName: string) {
    return this.keptPrefixes.some(
      k => k.environment === environment && policyName.startsWith(k.prefix),
    );
  }

  schedule(
    environment: string,
    accountId: string,
    roleName: string,
    policy: AwsManagedPolicy,
    dependsOn: string[],
  ) {
    const k = key(environment, policy.arn);
    if (
      !isManaged(policy.tags) ||
      this.desiredPolicies.has(k) ||
      this.isKept(environment, policy.name)
    ) {
      return;
    }
    const entry = this.deletes.get(k);
    if (entry) entry.dependsOn.push(...dependsOn);
    else
      this.deletes.set(k, {
        environment,
        accountId,
        roleName,
        policy,
        dependsOn: [...dependsOn],
      });
  }

  /** Schedules the managed policies attached to no role and wanted by none. */
  scheduleUnattached(inScope: InScope) {
    for (const policy of this.unattached.values()) {
      const product = policy.tags[TAG_DATA_PRODUCT];
      if (!inScope(policy.environment, product)) continue;
      const accountId = policy.arn.split(':')[4] ?? '';
      this.schedule(policy.environment, accountId, '', policy, []);
    }
  }

  emitAll(emit: Emit) {
    for (const {
      environment,
      accountId,
      roleName,
      policy,
      dependsOn,
    } of this.deletes.values()) {
      emit(
        Phase.PolicyDelete,
        makeOperation({
          environment,
          dataProduct: policy.tags[TAG_DATA_PRODUCT],
          action: 'delete',
          resourceType: 'iam-managed-policy',
          name: policy.name,
          resource: policy.arn,
          description: `Delete managed policy ${policy.name}`,
          details: {
            accountId,
            policyName: policy.name,
            arn: policy.arn,
            path: policy.path,
            roleName,
            dependsOn,
          } satisfies ManagedPolicyDetails,
        }),
      );
    }
  }
}

/** Inline policies Meshport wrote on a role (it names them `<role>-inline`). */
function ownsInline(roleName: string, policyName: string): boolean {
  return policyName.startsWith(`${roleName}-inline`);
}

/**
 * The policies of one planned role: managed policies created or updated and
 * attached, inline policies put; then (for an existing role) the ones it no
 * longer has removed after all of those.
 */
export function diffRolePolicies(
  role: AwsRole,
  current: ActualRole | undefined,
  roleCreate: string | undefined,
  deletes: PolicyDeletes,
  emit: Emit,
) {
  const env = role.environment;
  const common = { environment: env, dataProduct: role.dataProduct };
  const additions: string[] = [];
  const attached = new Map(
    (current?.managedPolicies ?? []).map(p => [p.arn, p]),
  );
  for (const policy of role.managedPolicies) {
    const existing =
      attached.get(policy.arn) ?? deletes.unattached.get(key(env, policy.arn));
    const policyOp = {
      ...common,
      resourceType: 'iam-managed-policy' as const,
      name: policy.name,
      resource: policy.arn,
    };
    const policyDetails: ManagedPolicyDetails = {
      accountId: role.accountId,
      policyName: policy.name,
      arn: policy.arn,
      path: policy.path,
      roleName: role.name,
      document: policy.document,
      tags: policy.tags,
    };
    let policyCreate: string | undefined;
    if (!existing || !isManaged(existing.tags)) {
      policyCreate = emit(
        Phase.PolicyUpsert,
        makeOperation({
          ...policyOp,
          action: 'create',
          description: `Create managed policy ${policy.name}`,
          details: policyDetails,
        }),
      );
    } else {
      const changes: Array<'document' | 'tags'> = [];
      if (!samePolicy(policy.document, existing.document))
        changes.push('document');
      if (tagsDiffer(policy.tags, existing.tags)) changes.push('tags');
      if (changes.length) {
        additions.push(
          emit(
            Phase.PolicyUpsert,
            makeOperation({
              ...policyOp,
              action: 'update',
              description: changes.includes('document')
                ? `Update managed policy ${policy.name} (new default version)`
                : `Update the tags of managed policy ${policy.name}`,
              details: {
                ...policyDetails,
                changes,
                removeTagKeys: staleMeshportTags(policy.tags, existing.tags),
              },
            }),
          ),
        );
      }
    }
    if (!attached.has(policy.arn)) {
      additions.push(
        emit(
          Phase.Attach,
          makeOperation({
            ...common,
            action: 'create',
            resourceType: 'iam-role-policy-attachment',
            name: `${role.name}/${policy.name}`,
            resource: `${role.name}/${policy.name}`,
            description: `Attach managed policy ${policy.name} to role ${role.name}`,
            details: {
              roleName: role.name,
              policyName: policy.name,
              policyArn: policy.arn,
              dependsOn: [roleCreate, policyCreate].filter(
                (id): id is string => !!id,
              ),
            } satisfies AttachmentDetails,
          }),
        ),
      );
    }
  }

  const currentInline = new Map(
    (current?.inlinePolicies ?? []).map(p => [p.name, p]),
  );
  for (const inline of role.inlinePolicies) {
    const existing = currentInline.get(inline.name);
    if (existing && samePolicy(inline.document, existing.document)) continue;
    additions.push(
      emit(
        Phase.InlinePut,
        makeOperation({
          ...common,
          action: existing ? 'update' : 'create',
          resourceType: 'iam-inline-policy',
          name: `${role.name}/${inline.name}`,
          resource: `${role.name}/${inline.name}`,
          description: `${existing ? 'Update' : 'Put'} inline policy ${
            inline.name
          } on role ${role.name}`,
          details: {
            roleName: role.name,
            policyName: inline.name,
            document: inline.document,
            dependsOn: roleCreate ? [roleCreate] : [],
          } satisfies InlinePolicyDetails,
        }),
      ),
    );
  }

  if (!current) return;
  const wantedInline = new Set(role.inlinePolicies.map(p => p.name));
  for (const inline of current.inlinePolicies) {
    if (wantedInline.has(inline.name) || !ownsInline(role.name, inline.name))
      continue;
    emit(
      Phase.InlineDelete,
      inlineDeleteOperation(
        env,
        role.dataProduct,
        role.name,
        inline.name,
        additions,
      ),
    );
  }
  const wantedManaged = new Set(role.managedPolicies.map(p => p.arn));
  for (const policy of current.managedPolicies) {
    if (wantedManaged.has(policy.arn) || !isManaged(policy.tags)) continue;
    const detach = emit(
      Phase.Detach,
      detachOperation(env, role.dataProduct, role.name, policy, additions),
    );
    deletes.schedule(env, role.accountId, role.name, policy, [detach]);
  }
}

/**
 * Removes every policy of a role about to be deleted; returns the ids of
 * those removals, which the role's deletion depends on.
 */
export function removeAllPolicies(
  role: ActualRole,
  deletes: PolicyDeletes,
  emit: Emit,
): string[] {
  const env = role.environment;
  const removals: string[] = [];
  for (const inline of role.inlinePolicies) {
    removals.push(
      emit(
        Phase.InlineDelete,
        inlineDeleteOperation(env, role.dataProduct, role.name, inline.name, []),
      ),
    );
  }
  for (const policy of role.managedPolicies) {
    const detach = emit(
      Phase.Detach,
      detachOperation(env, role.dataProduct, role.name, policy, []),
    );
    removals.push(detach);
    deletes.schedule(env, role.accountId, role.name, policy, [detach]);
  }
  return removals;
}

function inlineDeleteOperation(
  environment: string,
  dataProduct: string | undefined,
  roleName: string,
  policyName: string,
  dependsOn: string[],
): ProvisioningOperation {
  return makeOperation({
    environment,
    dataProduct: dataProduct || undefined,
    action: 'delete',
    resourceType: 'iam-inline-policy',
    name: `${roleName}/${policyName}`,
    resource: `${roleName}/${policyName}`,
    description: `Delete inline policy ${policyName} from role ${roleName}`,
    details: { roleName, policyName, dependsOn } satisfies InlinePolicyDetails,
  });
}

function detachOperation(
  environment: string,
  dataProduct: string | undefined,
  roleName: string,
  policy: { name: string; arn: string },
  dependsOn: string[],
): ProvisioningOperation {
  return makeOperation({
    environment,
    dataProduct: dataProduct || undefined,
    action: 'delete',
    resourceType: 'iam-role-policy-attachment',
    name: `${roleName}/${policy.name}`,
    resource: `${roleName}/${policy.name}`,
    description: `Detach managed policy ${policy.name} from role ${roleName}`,
    details: {
      roleName,
      policyName: policy.name,
      policyArn: policy.arn,
      dependsOn,
    } satisfies AttachmentDetails,
  });
}
