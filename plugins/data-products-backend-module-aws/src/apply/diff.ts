/*
 * The pure differ: desired AWS state + actual AWS state -> the ordered
 * operations that turn one into the other.
 *
 * Rules (also in the README, "Reconciling"):
 * - Only resources tagged `meshport:managed=true` in the actual state are
 *   updated or deleted; anything else is invisible to the differ. A desired
 *   resource whose name is taken by an unmanaged one is planned as a create,
 *   which the applier reports as a conflict instead of taking it over.
 * - Meshport owns the policies it names on its roles (`<role>-<n>` managed
 *   policies tagged as managed, `<role>-inline...` inline policies). Other
 *   policies attached to a Meshport role by hand are left alone, except when
 *   the role itself is deleted.
 * - A role whose permissions exceed IAM's quotas (`quota-exceeded`) keeps the
 *   policies it has: one grant too many must not revoke the others.
 * - Deletions stay within the scope the actual state was read for.
 * - Nothing at all is planned in a refused environment (its credentials are
 *   of another account, or the plan exceeds one of its quotas).
 * - S3 prefixes need no operation: S3 has no folders, and buckets are never
 *   created or deleted by Meshport. The prefixes take effect through the
 *   role policies.
 * - Order: roles, managed policies, attachments, inline policies, Glue
 *   databases, workgroups are created or updated first; then inline policies
 *   are deleted and policies detached, then managed policies and roles are
 *   deleted, then workgroups and databases. Permissions a remaining role
 *   loses are removed only after everything it gains was applied
 *   (`dependsOn`), so a role never has less access mid-way than both its old
 *   and its new plan give it.
 */
import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
import type {
  AwsActualState,
  AwsAthenaWorkgroup,
  AwsDesiredState,
  AwsGlueDatabase,
  AwsManagedPolicy,
  AwsRole,
} from '../model';
import { TAG_DATA_PRODUCT } from '../model';
import { compareStrings } from '../actual/util';
import {
  AttachmentDetails,
  AwsReadScope,
  GlueDatabaseDetails,
  InlinePolicyDetails,
  isManaged,
  makeOperation,
  ManagedPolicyDetails,
  missingTags,
  normalizeProductRef,
  RoleChange,
  RoleDetails,
  ScopedAwsActualState,
  staleMeshportTags,
  WorkgroupDetails,
} from './operations';
import { samePolicy } from './policyDocuments';
import { diffAccessOperations } from './access';

type ActualRole = AwsActualState['roles'][number];

/** Execution phases, in order. */
enum Phase {
  RoleUpsert,
  /** Lake Formation and cross-account reads: in place before role policies shrink. */
  Access,
  PolicyUpsert,
  Attach,
  InlinePut,
  GlueUpsert,
  WorkgroupUpsert,
  InlineDelete,
  Detach,
  PolicyDelete,
  RoleDelete,
  WorkgroupDelete,
  GlueDelete,
}

interface Planned {
  phase: Phase;
  environment: string;
  sequence: number;
  operation: ProvisioningOperation;
}

function scopeFilter(
  scope: AwsReadScope | undefined,
  refused: string[] | undefined,
) {
  const refusedSet = new Set(refused);
  const environments = scope?.environments?.length
    ? new Set(scope.environments)
    : undefined;
  const products = scope?.dataProducts?.length
    ? new Set(scope.dataProducts.map(normalizeProductRef))
    : undefined;
  return (environment: string, dataProduct: string | undefined) =>
    !refusedSet.has(environment) &&
    (!environments || environments.has(environment)) &&
    (!products ||
      (!!dataProduct && products.has(normalizeProductRef(dataProduct))));
}

const key = (environment: string, name: string) => `${environment}\n${name}`;

/** Pure: the ordered operations that turn `actual` into `desired`. */
export function diffAwsState(
  desired: AwsDesiredState,
  actual: ScopedAwsActualState,
): ProvisioningOperation[] {
  const inScope = scopeFilter(actual.scope, actual.refusedEnvironments);
  const planned: Planned[] = [];
  const emit = (phase: Phase, operation: ProvisioningOperation) => {
    planned.push({
      phase,
      environment: operation.environment,
      sequence: planned.length,
      operation,
    });
    return operation.id;
  };

  diffRoles(desired, actual, inScope, emit);
  diffGlueDatabases(desired, actual, inScope, emit);
  diffWorkgroups(desired, actual, inScope, emit);
  for (const operation of diffAccessOperations(desired, actual, inScope)) {
    emit(Phase.Access, operation);
  }

  const envOrder = new Map(desired.environments.map((e, i) => [e.name, i]));
  const envRank = (name: string) => envOrder.get(name) ?? envOrder.size;
  return planned
    .sort(
      (a, b) =>
        a.phase - b.phase ||
        envRank(a.environment) - envRank(b.environment) ||
        compareStrings(a.environment, b.environment) ||
        a.sequence - b.sequence,
    )
    .map(p => p.operation);
}

type Emit = (phase: Phase, operation: ProvisioningOperation) => string;
type InScope = (
  environment: string,
  dataProduct: string | undefined,
) => boolean;

function roleDetails(role: AwsRole): RoleDetails {
  return {
    accountId: role.accountId,
    roleName: role.name,
    arn: role.arn,
    path: role.path,
    trustPolicy: role.trustPolicy,
    description: role.purpose,
    maxSessionDuration: role.maxSessionDuration,
    permissionsBoundaryArn: role.permissionsBoundaryArn,
    tags: role.tags,
  };
}

function roleChanges(desired: AwsRole, actual: ActualRole): RoleChange[] {
  const changes: RoleChange[] = [];
  if (!samePolicy(desired.trustPolicy, actual.trustPolicy)) {
    changes.push('trustPolicy');
  }
  if ((actual.purpose ?? '') !== desired.purpose) changes.push('description');
  if (actual.maxSessionDuration !== desired.maxSessionDuration) {
    changes.push('maxSessionDuration');
  }
  // A boundary is only ever set, never removed: organisations often require
  // one through their own guardrails.
  if (
    desired.permissionsBoundaryArn &&
    desired.permissionsBoundaryArn !== actual.permissionsBoundaryArn
  ) {
    changes.push('permissionsBoundary');
  }
  if (tagsDiffer(desired.tags, actual.tags)) changes.push('tags');
  return changes;
}

function tagsDiffer(
  desired: Record<string, string>,
  actual: Record<string, string>,
) {
  return (
    Object.keys(missingTags(desired, actual)).length > 0 ||
    staleMeshportTags(desired, actual).length > 0
  );
}

/** Inline policies Meshport wrote on a role (it names them `<role>-inline`). */
function ownsInline(roleName: string, policyName: string): boolean {
  return policyName.startsWith(`${roleName}-inline`);
}

interface PolicyToDelete {
  environment: string;
  accountId: string;
  roleName: string;
  policy: AwsManagedPolicy;
  dependsOn: string[];
}

function diffRoles(
  desired: AwsDesiredState,
  actual: AwsActualState,
  inScope: InScope,
  emit: Emit,
) {
  const actualRoles = new Map<string, ActualRole>();
  for (const role of actual.roles) {
    if (isManaged(role.tags))
      actualRoles.set(key(role.environment, role.name), role);
  }
  const desiredRoleKeys = new Set(
    desired.roles.map(r => key(r.environment, r.name)),
  );
  // Every policy any role wants, in or out of scope: never deleted.
  const desiredPolicies = new Set(
    desired.roles.flatMap(r =>
      r.managedPolicies.map(p => key(r.environment, p.arn)),
    ),
  );
  // Roles over quota keep every policy named after them.
  const keptPrefixes = desired.roles
    .filter(r => r.policyStatus !== 'planned')
    .map(r => ({ environment: r.environment, prefix: `${r.name}-` }));
  const isKept = (environment: string, policyName: string) =>
    keptPrefixes.some(
      k => k.environment === environment && policyName.startsWith(k.prefix),
    );
  const unattached = new Map<
    string,
    AwsManagedPolicy & { environment: string }
  >();
  for (const policy of actual.unattachedPolicies ?? []) {
    if (isManaged(policy.tags)) {
      unattached.set(key(policy.environment, policy.arn), policy);
    }
  }

  const policyDeletes = new Map<string, PolicyToDelete>();
  const scheduleDelete = (
    environment: string,
    accountId: string,
    roleName: string,
    policy: AwsManagedPolicy,
    dependsOn: string[],
  ) => {
    const k = key(environment, policy.arn);
    if (
      !isManaged(policy.tags) ||
      desiredPolicies.has(k) ||
      isKept(environment, policy.name)
    ) {
      return;
    }
    const entry = policyDeletes.get(k);
    if (entry) entry.dependsOn.push(...dependsOn);
    else
      policyDeletes.set(k, {
        environment,
        accountId,
        roleName,
        policy,
        dependsOn: [...dependsOn],
      });
  };

  for (const role of desired.roles) {
    if (!inScope(role.environment, role.dataProduct)) continue;
    const env = role.environment;
    const current = actualRoles.get(key(env, role.name));
    const common = {
      environment: env,
      dataProduct: role.dataProduct,
    };

    let roleCreate: string | undefined;
    if (!current) {
      roleCreate = emit(
        Phase.RoleUpsert,
        makeOperation({
          ...common,
          action: 'create',
          resourceType: 'iam-role',
          name: role.name,
          resource: role.arn,
          description: `Create IAM role ${role.name}`,
          details: roleDetails(role),
        }),
      );
    } else {
      const changes = roleChanges(role, current);
      if (changes.length) {
        emit(
          Phase.RoleUpsert,
          makeOperation({
            ...common,
            action: 'update',
            resourceType: 'iam-role',
            name: role.name,
            resource: role.arn,
            description: `Update IAM role ${role.name} (${changes.join(', ')})`,
            details: {
              ...roleDetails(role),
              changes,
              removeTagKeys: staleMeshportTags(role.tags, current.tags),
            } satisfies RoleDetails,
          }),
        );
      }
    }

    if (role.policyStatus !== 'planned') continue;

    const additions: string[] = [];
    const attached = new Map(
      (current?.managedPolicies ?? []).map(p => [p.arn, p]),
    );
    for (const policy of role.managedPolicies) {
      const existing =
        attached.get(policy.arn) ?? unattached.get(key(env, policy.arn));
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

    if (!current) continue;
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
      scheduleDelete(env, role.accountId, role.name, policy, [detach]);
    }
  }

  // Managed roles no longer desired.
  for (const role of actualRoles.values()) {
    const env = role.environment;
    if (desiredRoleKeys.has(key(env, role.name))) continue;
    if (!inScope(env, role.dataProduct || role.tags[TAG_DATA_PRODUCT]))
      continue;
    const removals: string[] = [];
    for (const inline of role.inlinePolicies) {
      removals.push(
        emit(
          Phase.InlineDelete,
          inlineDeleteOperation(
            env,
            role.dataProduct,
            role.name,
            inline.name,
            [],
          ),
        ),
      );
    }
    for (const policy of role.managedPolicies) {
      const detach = emit(
        Phase.Detach,
        detachOperation(env, role.dataProduct, role.name, policy, []),
      );
      removals.push(detach);
      scheduleDelete(env, role.accountId, role.name, policy, [detach]);
    }
    emit(
      Phase.RoleDelete,
      makeOperation({
        environment: env,
        dataProduct: role.dataProduct || undefined,
        action: 'delete',
        resourceType: 'iam-role',
        name: role.name,
        resource: role.arn,
        description: `Delete IAM role ${role.name}`,
        details: {
          accountId: role.accountId,
          roleName: role.name,
          arn: role.arn,
          path: role.path,
          trustPolicy: role.trustPolicy,
          description: role.purpose ?? '',
          maxSessionDuration: role.maxSessionDuration,
          tags: role.tags,
          dependsOn: removals,
        } satisfies RoleDetails,
      }),
    );
  }

  // Managed policies attached to no role and wanted by none.
  for (const policy of unattached.values()) {
    const product = policy.tags[TAG_DATA_PRODUCT];
    if (!inScope(policy.environment, product)) continue;
    const accountId = policy.arn.split(':')[4] ?? '';
    scheduleDelete(policy.environment, accountId, '', policy, []);
  }

  for (const {
    environment,
    accountId,
    roleName,
    policy,
    dependsOn,
  } of policyDeletes.values()) {
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

function glueDetails(database: AwsGlueDatabase): GlueDatabaseDetails {
  return {
    catalogId: database.catalogId,
    name: database.name,
    arn: database.arn,
    description: database.description,
    tags: database.tags,
  };
}

function glueDeleteDetails(database: AwsGlueDatabase): GlueDatabaseDetails {
  const { catalogId, name, arn } = database;
  return { catalogId, name, arn };
}

function diffGlueDatabases(
  desired: AwsDesiredState,
  actual: AwsActualState,
  inScope: InScope,
  emit: Emit,
) {
  const current = new Map(
    actual.glueDatabases
      .filter(d => isManaged(d.tags))
      .map(d => [key(d.environment, d.name), d]),
  );
  const wanted = new Set(
    desired.glueDatabases.map(d => key(d.environment, d.name)),
  );
  for (const database of desired.glueDatabases) {
    if (!inScope(database.environment, database.dataProduct)) continue;
    const existing = current.get(key(database.environment, database.name));
    const common = {
      environment: database.environment,
      dataProduct: database.dataProduct,
      resourceType: 'glue-database' as const,
      name: database.name,
      resource: database.arn,
    };
    if (!existing) {
      emit(
        Phase.GlueUpsert,
        makeOperation({
          ...common,
          action: 'create',
          description: `Create Glue database ${database.name}`,
          details: glueDetails(database),
        }),
      );
      continue;
    }
    const changes: Array<'description' | 'tags'> = [];
    if (existing.description !== database.description)
      changes.push('description');
    if (tagsDiffer(database.tags, existing.tags)) changes.push('tags');
    if (changes.length) {
      emit(
        Phase.GlueUpsert,
        makeOperation({
          ...common,
          action: 'update',
          description: `Update Glue database ${database.name} (${changes.join(
            ', ',
          )})`,
          details: {
            ...glueDetails(database),
            changes,
            removeTagKeys: staleMeshportTags(database.tags, existing.tags),
          },
        }),
      );
    }
  }
  for (const database of current.values()) {
    if (wanted.has(key(database.environment, database.name))) continue;
    if (
      !inScope(
        database.environment,
        database.dataProduct || database.tags[TAG_DATA_PRODUCT],
      )
    ) {
      continue;
    }
    emit(
      Phase.GlueDelete,
      makeOperation({
        environment: database.environment,
        dataProduct: database.dataProduct || undefined,
        action: 'delete',
        resourceType: 'glue-database',
        name: database.name,
        resource: database.arn,
        description: `Delete Glue database ${database.name} (only if it holds no tables)`,
        details: glueDeleteDetails(database),
      }),
    );
  }
}

function workgroupDetails(workgroup: AwsAthenaWorkgroup): WorkgroupDetails {
  return {
    name: workgroup.name,
    arn: workgroup.arn,
    outputLocation: workgroup.outputLocation,
    bytesScannedCutoffPerQuery: workgroup.bytesScannedCutoffPerQuery,
    enforceWorkGroupConfiguration: workgroup.enforceWorkGroupConfiguration,
    publishCloudWatchMetricsEnabled: workgroup.publishCloudWatchMetricsEnabled,
    description: workgroup.description,
    tags: workgroup.tags,
  };
}

function workgroupDeleteDetails(
  workgroup: AwsAthenaWorkgroup,
): WorkgroupDetails {
  return { name: workgroup.name, arn: workgroup.arn };
}

function diffWorkgroups(
  desired: AwsDesiredState,
  actual: AwsActualState,
  inScope: InScope,
  emit: Emit,
) {
  const current = new Map(
    actual.workgroups
      .filter(w => isManaged(w.tags))
      .map(w => [key(w.environment, w.name), w]),
  );
  const wanted = new Set(
    desired.workgroups.map(w => key(w.environment, w.name)),
  );
  for (const workgroup of desired.workgroups) {
    if (!inScope(workgroup.environment, workgroup.dataProduct)) continue;
    const existing = current.get(key(workgroup.environment, workgroup.name));
    const common = {
      environment: workgroup.environment,
      dataProduct: workgroup.dataProduct,
      resourceType: 'athena-workgroup' as const,
      name: workgroup.name,
      resource: workgroup.arn,
    };
    if (!existing) {
      emit(
        Phase.WorkgroupUpsert,
        makeOperation({
          ...common,
          action: 'create',
          description: `Create Athena workgroup ${workgroup.name}`,
          details: workgroupDetails(workgroup),
        }),
      );
      continue;
    }
    const changes: Array<'configuration' | 'description' | 'tags'> = [];
    if (
      existing.outputLocation !== workgroup.outputLocation ||
      existing.bytesScannedCutoffPerQuery !==
        workgroup.bytesScannedCutoffPerQuery ||
      // The reader reports the real flag, which may be false after a hand edit.
      (existing.enforceWorkGroupConfiguration as boolean) !==
        workgroup.enforceWorkGroupConfiguration ||
      existing.publishCloudWatchMetricsEnabled !==
        workgroup.publishCloudWatchMetricsEnabled
    ) {
      changes.push('configuration');
    }
    if (existing.description !== workgroup.description)
      changes.push('description');
    if (tagsDiffer(workgroup.tags, existing.tags)) changes.push('tags');
    if (changes.length) {
      emit(
        Phase.WorkgroupUpsert,
        makeOperation({
          ...common,
          action: 'update',
          description: `Update Athena workgroup ${
            workgroup.name
          } (${changes.join(', ')})`,
          details: {
            ...workgroupDetails(workgroup),
            changes,
            removeTagKeys: staleMeshportTags(workgroup.tags, existing.tags),
          },
        }),
      );
    }
  }
  for (const workgroup of current.values()) {
    if (wanted.has(key(workgroup.environment, workgroup.name))) continue;
    if (
      !inScope(
        workgroup.environment,
        workgroup.dataProduct || workgroup.tags[TAG_DATA_PRODUCT],
      )
    ) {
      continue;
    }
    emit(
      Phase.WorkgroupDelete,
      makeOperation({
        environment: workgroup.environment,
        dataProduct: workgroup.dataProduct || undefined,
        action: 'delete',
        resourceType: 'athena-workgroup',
        name: workgroup.name,
        resource: workgroup.arn,
        description: `Delete Athena workgroup ${workgroup.name}`,
        details: workgroupDeleteDetails(workgroup),
      }),
    );
  }
}
