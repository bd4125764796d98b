/*
 * Pure rules that turn what a run recorded into its summary and status.
 */
import type {
  ProvisioningOperationAction,
  ProvisioningOperationStatus,
  ProvisioningRun,
  ProvisioningRunProblem,
  ProvisioningRunScope,
  ProvisioningRunSummary,
} from '@meshport/plugin-data-products-common';
import type {
  ProvisioningOperation,
  ProvisioningProblem,
} from '@meshport/plugin-data-products-node';
import { normalizeEntityRef as lower } from '../lib/entityRefs';

export function summarizeRun(options: {
  operations: Array<{
    action: ProvisioningOperationAction;
    status: ProvisioningOperationStatus;
  }>;
  problems: ProvisioningRunProblem[];
  provisioners: ProvisioningRunSummary['provisioners'];
}): ProvisioningRunSummary {
  const byAction: ProvisioningRunSummary['byAction'] = {};
  const byStatus: ProvisioningRunSummary['byStatus'] = {};
  for (const { action, status } of options.operations) {
    byAction[action] = (byAction[action] ?? 0) + 1;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return {
    operations: options.operations.length,
    byAction,
    byStatus,
    problems: options.problems,
    provisioners: options.provisioners,
  };
}

/**
 * - failed: the run (or a provisioner) threw, so its outcome is unknown;
 * - partial: an operation failed, or the plan has errors (the resources they
 *   concern were left out);
 * - succeeded: everything else, including skipped operations.
 */
export function decideRunStatus(
  summary: ProvisioningRunSummary,
  error?: string,
): Extract<ProvisioningRun['status'], 'succeeded' | 'failed' | 'partial'> {
  if (error) {
    return 'failed';
  }
  if (
    (summary.byStatus.failed ?? 0) > 0 ||
    summary.problems.some(problem => problem.severity === 'error')
  ) {
    return 'partial';
  }
  return 'succeeded';
}

/** Whether the scope covers the whole mesh. */
export function isFullScope(scope?: ProvisioningRunScope): boolean {
  return !scope?.dataProducts?.length && !scope?.environments?.length;
}

/**
 * Whether a scoped run records (and applies) the operation: it must belong to
 * one of the scope's products and environments. Operations that belong to no
 * product are left to whole-mesh runs.
 */
export function operationInScope(
  operation: Pick<ProvisioningOperation, 'dataProduct' | 'environment'>,
  scope?: ProvisioningRunScope,
): boolean {
  if (scope?.environments?.length) {
    if (!scope.environments.includes(operation.environment)) {
      return false;
    }
  }
  if (scope?.dataProducts?.length) {
    if (!operation.dataProduct) {
      return false;
    }
    const product = lower(operation.dataProduct);
    return scope.dataProducts.some(ref => lower(ref) === product);
  }
  return true;
}

/**
 * Whether a scoped run reports the problem: problems of other products or
 * environments are left out; problems of no product (e.g. an environment's
 * configuration) are kept, as they may concern the scope.
 */
export function problemInScope(
  problem: Pick<ProvisioningProblem, 'dataProduct' | 'environment'>,
  scope?: ProvisioningRunScope,
): boolean {
  if (
    scope?.environments?.length &&
    problem.environment &&
    !scope.environments.includes(problem.environment)
  ) {
    return false;
  }
  if (scope?.dataProducts?.length && problem.dataProduct) {
    const product = lower(problem.dataProduct);
    return scope.dataProducts.some(ref => lower(ref) === product);
  }
  return true;
}
