/*
 * The reconciler: the imperative shell around the provisioners. It records a
 * run, asks every provisioner for the desired state, works out the operations
 * (plan mode: against the last recorded plan, without touching the platform;
 * apply mode: against the platform's actual state) and stores every operation
 * and its result as it goes.
 */
import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError, stringifyError } from '@backstage/errors';
import type {
  ProvisioningMode,
  ProvisioningOperationStatus,
  ProvisioningRun,
  ProvisioningRunProblem,
  ProvisioningRunScope,
  ProvisioningRunSummary,
  ProvisioningRunTrigger,
} from '@meshport/plugin-data-products-common';
import type {
  OperationResult,
  PlatformProvisioner,
  ProvisioningInput,
  ProvisioningOperation,
  ProvisioningPlan,
} from '@meshport/plugin-data-products-node';
import type { ProvisioningStore } from './ProvisioningStore';
import { decideChangeTrigger } from './changeDetection';
import { fingerprintInput } from './fingerprint';
import type { GatheredInput, ProvisioningInputSource } from './input';
import {
  decideRunStatus,
  isFullScope,
  operationInScope,
  problemInScope,
  summarizeRun,
} from './summarize';

export interface RunRequest {
  trigger: ProvisioningRunTrigger;
  /** Undefined for the whole mesh. */
  scope?: ProvisioningRunScope;
  /** Entity ref of the user who asked for the run. */
  requestedBy?: string;
}

/**
 * What other parts of the plugin (e.g. access requests) use to ask for a
 * reconcile of the products a change affects. The run is queued and picked
 * up by the reconcile task shortly after.
 */
export interface ProvisioningTrigger {
  trigger(request: {
    reason: Extract<
      ProvisioningRunTrigger,
      'grant-change' | 'manual' | 'retirement'
    >;
    /** Full DataProduct refs; none for the whole mesh. */
    dataProducts?: string[];
    requestedBy?: string;
  }): Promise<ProvisioningRun>;
}

/**
 * What a finished run reports to listeners (e.g. access requests, which mark
 * a grant "granted" once a run that included it was applied, or planned in
 * plan mode).
 */
export interface RunFinishedEvent {
  run: ProvisioningRun;
  /** The grants in the run's input (active at its start), by id. Empty when gathering the input failed. */
  grantIds: string[];
  /** Full DataProduct refs the run covered; undefined for the whole mesh. */
  dataProducts?: string[];
  /** Grants of the run a provisioner does not hold yet (apply mode): not granted. */
  grantIdsNotHeld?: string[];
}

export type RunFinishedListener = (event: RunFinishedEvent) => Promise<void>;

export interface ReconcilerOptions {
  store: ProvisioningStore;
  provisioners: PlatformProvisioner[];
  inputSource: ProvisioningInputSource;
  mode: ProvisioningMode;
  logger: LoggerService;
  /**
   * How often a whole-mesh reconcile is due; the scheduled task skips its
   * run when a whole-mesh run started within the last 90 % of this.
   */
  fullReconcileIntervalMs: number;
  /** Asks for the queue to be processed soon, e.g. by triggering the reconcile task. */
  requestProcessing?: () => Promise<void>;
  now?: () => Date;
}

/** An error for people: its message, with its name unless that says nothing. */
export function describeError(error: unknown): string {
  if (isError(error)) {
    return error.name && error.name !== 'Error'
      ? `${error.name}: ${error.message}`
      : error.message;
  }
  return String(error);
}

/** Runs functions one at a time, in call order. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise(resolve => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

interface ProvisionerOutcome {
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

export class Reconciler implements ProvisioningTrigger {
  private readonly mutex = new Mutex();
  private readonly now: () => Date;
  private readonly runFinishedListeners: RunFinishedListener[] = [];
  /**
   * The last plan of each provisioner and the fingerprint of the input it was made from.
   * Planning is pure, so an unchanged input (the usual case for page views, exports and
   * runs after change detection) reuses it instead of re-planning the whole mesh.
   */
  private readonly lastPlans = new Map<
    string,
    { fingerprint: string; plan: ProvisioningPlan }
  >();

  constructor(private readonly options: ReconcilerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get mode(): ProvisioningMode {
    return this.options.mode;
  }

  get provisioners(): PlatformProvisioner[] {
    return this.options.provisioners;
  }

  /** Calls `listener` after every run finishes (on this replica); its errors are logged, never fail the run. */
  onRunFinished(listener: RunFinishedListener): void {
    this.runFinishedListeners.push(listener);
  }

  gatherInput(): Promise<GatheredInput> {
    return this.options.inputSource.gather(this.now());
  }

  /** The provisioner's plan of the input, reused while the input is unchanged. Don't mutate it. */
  async plan(
    provisioner: PlatformProvisioner,
    input: ProvisioningInput,
  ): Promise<ProvisioningPlan> {
    const fingerprint = fingerprintInput(input);
    const last = this.lastPlans.get(provisioner.id);
    if (last?.fingerprint === fingerprint) {
      return last.plan;
    }
    const plan = await provisioner.plan(input);
    this.lastPlans.set(provisioner.id, { fingerprint, plan });
    return plan;
  }

  /** Records a run and executes it at once (after any run in progress here). */
  async run(
    request: RunRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<ProvisioningRun> {
    return this.mutex.runExclusive(async () => {
      const run = await this.options.store.createRun({
        id: randomUUID(),
        trigger: request.trigger,
        mode: this.options.mode,
        status: 'running',
        scope: request.scope,
        requestedBy: request.requestedBy,
        createdAt: this.now(),
      });
      return this.execute(run, options.signal);
    });
  }

  /** Records a queued run and asks for it to be processed soon. */
  async enqueue(request: RunRequest): Promise<ProvisioningRun> {
    const run = await this.options.store.createRun({
      id: randomUUID(),
      trigger: request.trigger,
      mode: this.options.mode,
      status: 'queued',
      scope: request.scope,
      requestedBy: request.requestedBy,
      createdAt: this.now(),
    });
    await this.requestProcessing();
    return run;
  }

  async trigger(request: {
    reason: Extract<
      ProvisioningRunTrigger,
      'grant-change' | 'manual' | 'retirement'
    >;
    dataProducts?: string[];
    /** Only these environments' operations (all when absent). */
    environments?: string[];
    requestedBy?: string;
  }): Promise<ProvisioningRun> {
    const scope = {
      ...(request.dataProducts?.length
        ? { dataProducts: request.dataProducts }
        : {}),
      ...(request.environments?.length
        ? { environments: request.environments }
        : {}),
    };
    return this.enqueue({
      trigger: request.reason,
      scope: Object.keys(scope).length ? scope : undefined,
      requestedBy: request.requestedBy,
    });
  }

  /** Executes queued runs, oldest first, until none is left. */
  async processQueue(signal?: AbortSignal): Promise<ProvisioningRun[]> {
    const processed: ProvisioningRun[] = [];
    while (!signal?.aborted) {
      const next = await this.options.store.getNextQueuedRun();
      if (!next) {
        break;
      }
      const finished = await this.mutex.runExclusive(async () => {
        // Another replica may have taken it meanwhile.
        if (!(await this.options.store.claimRun(next.id, this.now()))) {
          return undefined;
        }
        return this.execute({ ...next, status: 'running' }, signal);
      });
      if (finished) {
        processed.push(finished);
      }
    }
    return processed;
  }

  /**
   * The scheduled task: closes runs a stopped process left `running`, works
   * through the queue, and reconciles the whole mesh when that is due.
   *
   * Only call it where no other process executes runs at the same time (the
   * scheduler's global task guarantees that across replicas).
   */
  async reconcileOnSchedule(signal?: AbortSignal): Promise<void> {
    await this.mutex.runExclusive(async () => {
      const interrupted = await this.options.store.failRunningRuns(
        this.now(),
        'Interrupted: the backend stopped before the run finished',
      );
      if (interrupted > 0) {
        this.options.logger.warn(
          `Marked ${interrupted} interrupted provisioning run(s) as failed`,
        );
      }
    });
    await this.processQueue(signal);
    if (!signal?.aborted && (await this.isFullReconcileDue())) {
      await this.run({ trigger: 'schedule' }, { signal });
    }
    await this.processQueue(signal);
  }

  /**
   * The change detector: queues a whole-mesh run when the input differs from
   * the latest whole-mesh run's, and nudges the reconcile task while runs
   * wait in the queue. Returns the run it queued, if any.
   */
  async detectChanges(): Promise<ProvisioningRun | undefined> {
    if (this.options.provisioners.length === 0) {
      return undefined;
    }
    const { store } = this.options;
    const latestFullRun = await store.findLatestRun({ fullScope: true });
    if (latestFullRun?.status !== 'queued') {
      const { input } = await this.gatherInput();
      const trigger = decideChangeTrigger({
        fingerprint: fingerprintInput(input),
        latestFullRun,
        provisionerIds: this.options.provisioners.map(p => p.id),
      });
      if (trigger) {
        this.options.logger.info(
          `Provisioning input changed (${trigger}); queueing a reconcile`,
        );
        return this.enqueue({ trigger });
      }
    }
    if (await store.getNextQueuedRun()) {
      await this.requestProcessing();
    }
    return undefined;
  }

  private async requestProcessing(): Promise<void> {
    try {
      await this.options.requestProcessing?.();
    } catch (error) {
      // The run stays queued; the next task invocation picks it up.
      this.options.logger.warn(
        `Could not start the reconcile task now, the run stays queued: ${stringifyError(
          error,
        )}`,
      );
    }
  }

  private async isFullReconcileDue(): Promise<boolean> {
    const latest = await this.options.store.findLatestRun({ fullScope: true });
    if (!latest) {
      return true;
    }
    const started = Date.parse(latest.startedAt ?? latest.createdAt);
    return (
      this.now().getTime() - started >=
      0.9 * this.options.fullReconcileIntervalMs
    );
  }

  private async execute(
    run: ProvisioningRun,
    signal?: AbortSignal,
  ): Promise<ProvisioningRun> {
    const { store, logger } = this.options;
    const problems: ProvisioningRunProblem[] = [];
    const operations: ProvisionerOutcome['operations'] = [];
    const provisioners: ProvisioningRunSummary['provisioners'] = [];
    const failures: string[] = [];
    let grantIds: string[] = [];
    const grantIdsNotHeld = new Set<string>();

    try {
      const gathered = await this.gatherInput();
      grantIds = gathered.input.grants.map(grant => grant.id);
      problems.push(
        ...gathered.problems.filter(problem =>
          problemInScope(problem, run.scope),
        ),
      );
      const fingerprint = fingerprintInput(gathered.input);
      await store.setRunInputFingerprint(run.id, fingerprint);
      if (this.options.provisioners.length === 0) {
        problems.push({
          severity: 'warning',
          message:
            'No provisioner is installed: add a provisioner module such as @meshport/plugin-data-products-backend-module-aws',
        });
      }
      for (const provisioner of this.options.provisioners) {
        const recorded: ProvisionerOutcome = { operations: [], problems: [] };
        try {
          await this.runProvisioner({
            run,
            provisioner,
            input: gathered.input,
            fingerprint,
            firstSeq: operations.length + 1,
            recorded,
            signal,
          });
          provisioners.push({
            id: provisioner.id,
            operations: recorded.operations.length,
          });
        } catch (error) {
          const message = describeError(error);
          failures.push(`${provisioner.id}: ${message}`);
          provisioners.push({
            id: provisioner.id,
            operations: recorded.operations.length,
            error: message,
          });
          logger.error(
            `Provisioner ${provisioner.id} failed in run ${run.id}: ${message}`,
          );
        }
        operations.push(...recorded.operations);
        problems.push(...recorded.problems);
        recorded.grantsNotHeld?.forEach(id => grantIdsNotHeld.add(id));
      }
    } catch (error) {
      failures.push(describeError(error));
    }

    const summary = summarizeRun({ operations, problems, provisioners });
    const error = failures.length ? failures.join('\n') : undefined;
    const status = decideRunStatus(summary, error);
    await store.finishRun(run.id, {
      status,
      finishedAt: this.now(),
      summary,
      error,
    });
    logger.info(
      `Provisioning run ${run.id} (${run.trigger}, ${run.mode}) ${status}: ${summary.operations} operation(s), ${summary.problems.length} problem(s)`,
    );
    const finished = (await store.getRun(run.id))!;
    for (const listener of this.runFinishedListeners) {
      try {
        await listener({
          run: finished,
          grantIds,
          dataProducts: run.scope?.dataProducts,
          ...(grantIdsNotHeld.size
            ? { grantIdsNotHeld: [...grantIdsNotHeld] }
            : {}),
        });
      } catch (listenerError) {
        logger.error(
          `A listener of provisioning run ${run.id} failed: ${describeError(
            listenerError,
          )}`,
        );
      }
    }
    return finished;
  }

  private async runProvisioner(options: {
    run: ProvisioningRun;
    provisioner: PlatformProvisioner;
    input: ProvisioningInput;
    fingerprint: string;
    firstSeq: number;
    /** Filled as the provisioner goes, so a failure keeps what was recorded. */
    recorded: ProvisionerOutcome;
    signal?: AbortSignal;
  }): Promise<void> {
    const { run, provisioner, input, firstSeq, recorded, signal } = options;
    const { store } = this.options;
    const scope = run.scope;

    const plan = await this.plan(provisioner, input);
    recorded.problems.push(
      ...plan.problems
        .filter(problem => problemInScope(problem, scope))
        .map(problem => ({ ...problem, provisioner: provisioner.id })),
    );

    if (run.mode === 'plan') {
      const planned = await this.planOperations(provisioner, plan, input);
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
      const { results, failure } = await this.applyOperations(
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
        updatedAt: this.now(),
      });
    }
  }

  /**
   * Plan mode: what the new plan changes compared with the last recorded one
   * (or with nothing, the first time). No operations if the provisioner
   * cannot tell without the platform; the problems say why.
   */
  async planOperations(
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
    const snapshot = await this.options.store.getSnapshot(provisioner.id);
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
  private async applyOperations(
    runId: string,
    provisioner: PlatformProvisioner,
    operations: ProvisioningOperation[],
    signal?: AbortSignal,
  ): Promise<{ results: Map<string, OperationResult>; failure?: unknown }> {
    const { store } = this.options;
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
          finishedAt: this.now().toISOString(),
        });
      }
    }
    await writes;
    return { results, failure };
  }
}
