/*
 * The IAM role family of the differ: roles created, updated and deleted
 * through the managed-resource diff, each planned role's policies through
 * ./policies.ts, a deleted role's policies removed before it.
 */
import type { AwsActualState, AwsDesiredState, AwsRole } from '../../model';
import { RoleChange, RoleDetails } from '../operations';
import { samePolicy } from '../policyDocuments';
import { Emit, InScope, Phase, tagsDiffer } from './common';
import { diffManagedResources, ManagedResourceFamily } from './managed';
import {
  ActualRole,
  diffRolePolicies,
  PolicyDeletes,
  removeAllPolicies,
} from './policies';

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

function roleFamily(
  deletes: PolicyDeletes,
  emit: Emit,
): ManagedResourceFamily<AwsRole, ActualRole, RoleDetails, RoleChange> {
  return {
    resourceType: 'iam-role',
    label: 'IAM role',
    upsertPhase: Phase.RoleUpsert,
    deletePhase: Phase.RoleDelete,
    details: roleDetails,
    changes: roleChanges,
    beforeDelete: role => removeAllPolicies(role, deletes, emit),
    deleteDetails: (role, dependsOn) => ({
      accountId: role.accountId,
      roleName: role.name,
      arn: role.arn,
      path: role.path,
      trustPolicy: role.trustPolicy,
      description: role.purpose ?? '',
      maxSessionDuration: role.maxSessionDuration,
      tags: role.tags,
      dependsOn,
    }),
  };
}

export function diffRoles(
  desired: AwsDesiredState,
  actual: AwsActualState,
  inScope: InScope,
  emit: Emit,
) {
  const deletes = new PolicyDeletes(desired, actual);
  diffManagedResources(
    roleFamily(deletes, emit),
    desired.roles,
    actual.roles,
    inScope,
    emit,
    // A role's policies after the roles; a role over quota keeps those it has.
    upserted => {
      for (const { desired: role, current, created } of upserted) {
        if (role.policyStatus !== 'planned') continue;
        diffRolePolicies(role, current, created, deletes, emit);
      }
    },
  );
  // Managed policies attached to no role and wanted by none.
  deletes.scheduleUnattached(inScope);
  deletes.emitAll(emit);
}
