/*
 * The reconciler: the imperative shell around the provisioners. It records a
 * run, asks every provisioner for the desired state, works out the operations
 * (plan mode: against the last recorded plan, without touching the platform;
 * apply mode: against the platform's actual state) and stores every operation
 * and its result as it goes.
 */
import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type {
  ProvisioningMode,
  ProvisioningRun,
  ProvisioningRunProblem,
  ProvisioningRunSummary,
  ProvisioningRunTrigger,
} from '@meshport/plugin-data-products-common';
import type {
  PlatformProvisioner,
  ProvisioningInput,
  ProvisioningOperation,
  ProvisioningPlan,
} from '@meshport/plugin-data-products-node';
import { describeError } from '../lib/errors';
import type { ProvisioningStore } from './ProvisioningStore';
import { decideChangeTrigger } from './changeDetection';
import { fingerprintInput } from './fingerprint';
import type { GatheredInput, ProvisioningInputSource } from './input';
import {
  planOperations,
  ProvisionerOutcome,
  ProvisionerRunDeps,
  runProvisioner,
} from './operations';
import type {
  ProvisioningTrigger,
  RunFinishedListener,
  RunRequest,
} from './runTypes';
import { decideRunStatus, problemInScope, summarizeRun } from './summarize';

// Where the rest of the plugin has always imported them from.
export type {
  ProvisioningTrigger,
  RunFinishedEvent,
  RunFinishedListener,
  RunRequest,
} from './runTypes';

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

  private readonly runDeps: ProvisionerRunDeps;

  constructor(private readonly options: ReconcilerOptions) {
    this.now = options.now ?? (() => new Date());
    this.runDeps = {
      store: options.store,
      now: () => this.now(),
      plan: (provisioner, input) => this.plan(provisioner, input),
    };
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
          await runProvisioner(this.runDeps, {
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
          `A listener of provisioning run ${run.id} failed: ${stringifyError(
            listenerError,
          )}`,
        );
      }
    }
    return finished;
  }

  /**
   * Plan mode: what the new plan changes compared with the last recorded one
   * (or with nothing, the first time). See ./operations.ts.
   */
  planOperations(
    provisioner: PlatformProvisioner,
    plan: ProvisioningPlan,
    input: ProvisioningInput,
  ): Promise<{
    operations?: ProvisioningOperation[];
    problems: ProvisioningRunProblem[];
  }> {
    return planOperations(this.options.store, provisioner, plan, input);
  }
}
