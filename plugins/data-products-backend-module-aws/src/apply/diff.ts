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
import type { AwsDesiredState } from '../model';
import { compareStrings } from '../actual/util';
import {
  AwsReadScope,
  normalizeProductRef,
  ScopedAwsActualState,
} from './operations';
import { InScope, Phase } from './diff/common';
import { diffManagedResources } from './diff/managed';
import { diffRoles } from './diff/roles';
import { glueDatabases } from './diff/glue';
import { workgroups } from './diff/athena';
import { diffAccessOperations } from './access';

interface Planned {
  phase: Phase;
  environment: string;
  sequence: number;
  operation: ProvisioningOperation;
}

function scopeFilter(
  scope: AwsReadScope | undefined,
  refused: string[] | undefined,
): InScope {
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

/**
 * Pure: the ordered operations that turn `actual` into `desired`. Each
 * resource family (./diff/roles with ./diff/policies, ./diff/glue,
 * ./diff/athena) emits its operations through one managed-resource diff
 * (./diff/managed); they are then ordered by phase and environment.
 */
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
  diffManagedResources(
    glueDatabases,
    desired.glueDatabases,
    actual.glueDatabases,
    inScope,
    emit,
  );
  diffManagedResources(
    workgroups,
    desired.workgroups,
    actual.workgroups,
    inScope,
    emit,
  );
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
