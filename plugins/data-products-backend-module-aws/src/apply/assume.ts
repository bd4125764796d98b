/*
 * The actual state AWS would have once a desired state is fully applied.
 *
 * Used in `plan` mode, where no cloud API is called: diffing a new plan
 * against `assumeApplied(previous plan)` shows what changed since the last
 * plan, in the same operations `apply` mode would run.
 */
import type { AwsActualState, AwsDesiredState } from '../model';
import { assumeAccessApplied } from './access';

/** Pure: `diffAwsState(d, assumeApplied(d))` is always empty. */
export function assumeApplied(desired: AwsDesiredState): AwsActualState {
  // A deep copy: callers may edit it without touching the plan.
  const { roles, buckets, glueDatabases, workgroups } =
    structuredClone(desired);
  return {
    roles: roles.map(
      ({ grantedDatasets: _granted, policyStatus: _status, ...role }) => role,
    ),
    unattachedPolicies: [],
    buckets,
    glueDatabases,
    workgroups,
    ...assumeAccessApplied(desired),
  };
}
