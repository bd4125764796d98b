/*
 * One provisioner's part of a run: plan, then (plan mode) the operations
 * against the last recorded plan, or (apply mode) against the platform's
 * actual state, applied with each result stored as it arrives.
 */
import type {
  ProvisioningOperationStatus,
  ProvisioningRun,
  ProvisioningRunProblem,
} from '@meshport/plugin-data-products-common';
import type {
  OperationResult,
  PlatformProvisioner,
  ProvisioningInput,
  ProvisioningOperation,
  ProvisioningPlan,
} from '@meshport/plugin-data-products-node';
import { describeError } from '../lib/errors';
import type { ProvisioningStore } from './ProvisioningStore';
import { isFullScope, operationInScope, problemInScope } from './summarize';

export interface ProvisionerOutcome {
  operations: Array<
    Pick<ProvisioningOperation, 'action'> & {
      status: ProvisioningOperationStatus;
    }
  >;
  problems: ProvisioningRunProblem[];
  /** Grant ids the provisioner does not hold after applying. */
  grantsNotHeld?: string[];
}

/** The input with nothing to provision: what "no resources yet" plans from. */
function emptyInput(input: ProvisioningInput): ProvisioningInput {
  return { ...input, products: [], datasets: [], grants: [] };
}

/** What a provisioner's part of a run uses. */
export interface ProvisionerRunDeps {
  store: ProvisioningStore;
  now(): Date;
  /** The provisioner's plan of the input (the reconciler caches it). */
  plan(
    provisioner: PlatformProvisioner,
    input: ProvisioningInput,
  ): Promise<ProvisioningPlan>;
}

export async function runProvisioner(
  deps: ProvisionerRunDeps,
  options: {
    run: ProvisioningRun;
    provisioner: PlatformProvisioner;
    input: ProvisioningInput;
    fingerprint: string;
    firstSeq: number;
    /** Filled as the provisioner goes, so a failure keeps what was recorded. */
    recorded: ProvisionerOutcome;
    signal?: AbortSignal;
  },
): Promise<void> {
  const { run, provisioner, input, firstSeq, recorded, signal } = options;
  const { store } = deps;
  const scope = run.scope;

  const plan = await deps.plan(provisioner, input);
  recorded.problems.push(
    ...plan.problems
      .filter(problem => problemInScope(problem, scope))
      .map(problem => ({ ...problem, provisioner: provisioner.id })),
  );

  if (run.mode === 'plan') {
    const planned = await planOperations(store, provisioner, plan, input);
    recorded.problems.push(...planned.problems);
    const inScope = (planned.operations ?? []).filter(op =>
      operationInScope(op, scope),
    );
    await store.addOperations(
      run.id,
      inScope.map((operation, i) => ({
        seq: firstSeq + i,
        operation,
        status: 'planned',
      })),
    );
    recorded.operations.push(
      ...inScope.map(op => ({
        action: op.action,
        status: 'planned' as const,
      })),
    );
  } else {
    const actual = await provisioner.readActualState(plan, { scope });
    recorded.problems.push(
      ...(provisioner.problemsOf?.(actual) ?? []).map(problem => ({
        ...problem,
        provisioner: provisioner.id,
      })),
    );
    const inScope = provisioner
      .diff(plan, actual)
      .filter(op => operationInScope(op, scope));
    await store.addOperations(
      run.id,
      inScope.map((operation, i) => ({
        seq: firstSeq + i,
        operation,
        status: 'pending',
      })),
    );
    const { results, failure } = await applyOperations(
      deps,
      run.id,
      provisioner,
      inScope,
      signal,
    );
    recorded.operations.push(
      ...inScope.map(op => ({
        action: op.action,
        status: results.get(op.id)?.status ?? ('skipped' as const),
      })),
    );
    if (failure) {
      throw failure;
    }
    if (provisioner.grantsNotHeld) {
      try {
        recorded.grantsNotHeld = await provisioner.grantsNotHeld(plan, input);
      } catch (error) {
        // Unknown: none of the run's grants is shown granted.
        recorded.grantsNotHeld = input.grants.map(grant => grant.id);
        recorded.problems.push({
          severity: 'warning',
          provisioner: provisioner.id,
          message: `Could not check which grants ${
            provisioner.id
          } holds (${describeError(
            error,
          )}); they stay awaiting provisioning until a run can check`,
        });
      }
    }
    if (signal?.aborted && inScope.length > 0) {
      throw new Error(
        'The run was stopped (task timeout or shutdown) before all operations were applied',
      );
    }
  }

  // A scoped run saw only part of the mesh's changes: the snapshot keeps
  // describing the whole mesh, so the next whole-mesh run records the rest.
  if (isFullScope(scope)) {
    await store.saveSnapshot({
      provisioner: provisioner.id,
      plan,
      inputFingerprint: options.fingerprint,
      updatedAt: deps.now(),
    });
  }
}

/**
 * Plan mode: what the new plan changes compared with the last recorded one
 * (or with nothing, the first time). No operations if the provisioner
 * cannot tell without the platform; the problems say why.
 */
export async function planOperations(
  store: Pick<ProvisioningStore, 'getSnapshot'>,
  provisioner: PlatformProvisioner,
  plan: ProvisioningPlan,
  input: ProvisioningInput,
): Promise<{
  operations?: ProvisioningOperation[];
  problems: ProvisioningRunProblem[];
}> {
  if (!provisioner.assumeApplied) {
    return {
      problems: [
        {
          severity: 'warning',
          provisioner: provisioner.id,
          message: `Provisioner ${provisioner.id} cannot work out operations without calling the platform (it has no assumeApplied); the plan is recorded without them`,
        },
      ],
    };
  }
  const problems: ProvisioningRunProblem[] = [];
  const snapshot = await store.getSnapshot(provisioner.id);
  if (snapshot) {
    try {
      return {
        operations: provisioner.diff(
          plan,
          provisioner.assumeApplied(snapshot.plan),
        ),
        problems,
      };
    } catch (error) {
      // E.g. a provisioner upgrade changed the shape of its plans; without
      // this the snapshot could never be replaced.
      problems.push({
        severity: 'warning',
        provisioner: provisioner.id,
        message: `The last recorded plan of ${
          provisioner.id
        } could not be compared (${describeError(
          error,
        )}); operations are listed as if nothing existed yet`,
      });
    }
  }
  const nothing = await provisioner.plan(emptyInput(input));
  return {
    operations: provisioner.diff(plan, provisioner.assumeApplied(nothing)),
    problems,
  };
}

/**
 * Applies and stores each result as it arrives; operations without a
 * result end `skipped`. A provisioner's exception is returned, not thrown,
 * so the caller can still count what was applied.
 */
async function applyOperations(
  deps: Pick<ProvisionerRunDeps, 'store' | 'now'>,
  runId: string,
  provisioner: PlatformProvisioner,
  operations: ProvisioningOperation[],
  signal?: AbortSignal,
): Promise<{ results: Map<string, OperationResult>; failure?: unknown }> {
  const { store } = deps;
  const results = new Map<string, OperationResult>();
  if (operations.length === 0) {
    return { results };
  }
  // Results are written one after the other, in the order they arrive.
  let writes: Promise<void> = Promise.resolve();
  const record = (result: OperationResult) => {
    if (results.has(result.operationId)) {
      return writes;
    }
    results.set(result.operationId, result);
    writes = writes.then(() => store.recordOperationResult(runId, result));
    return writes;
  };

  let failure: unknown;
  try {
    const returned = await provisioner.apply(operations, {
      onResult: record,
      signal,
    });
    returned.forEach(record);
  } catch (error) {
    failure = error;
  }
  for (const operation of operations) {
    if (!results.has(operation.id)) {
      let reason = 'The provisioner reported no result';
      if (failure) {
        reason = `Not applied: the provisioner failed (${describeError(
          failure,
        )})`;
      } else if (signal?.aborted) {
        reason = 'Not applied: the run was stopped';
      }
      record({
        operationId: operation.id,
        status: 'skipped',
        error: reason,
        finishedAt: deps.now().toISOString(),
      });
    }
  }
  await writes;
  return { results, failure };
}
