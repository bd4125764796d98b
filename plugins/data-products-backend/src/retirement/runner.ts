/*
 * The scheduled side of retirement: sends notices still owed, starts the
 * steps of retirements whose sunset has come, and runs each step (by name,
 * from ./steps) until the retirement waits, fails for good or is done. What
 * to do next is decided by ./machine.ts; this stores it and audits each step.
 */
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError, stringifyError } from '@backstage/errors';
import type {
  RetirementStep,
  RetirementStepName,
} from '@meshport/plugin-data-products-common';
import { describeError } from '../lib/errors';
import {
  applyStepOutcome,
  countsAsAttempt,
  nextAction,
  RetryPolicy,
  StepOutcome,
} from './machine';
import { MAX_NOTIFY_ATTEMPTS, RetirementNotifier } from './notifier';
import type { RetirementStore, StoredRetirement } from './RetirementStore';
import { SYSTEM, titleOf, toMachineStep } from './shared';
import { STEP_LABELS } from './words';
import {
  RetirementStepDefinition,
  retirementSteps,
  StepContext,
  StepDependencies,
} from './steps';

/** The retirement, or a 404 naming it. */
export async function mustGet(
  store: RetirementStore,
  id: string,
): Promise<StoredRetirement> {
  const retirement = await store.getRetirement(id);
  if (!retirement) {
    throw new NotFoundError(`No retirement ${id}`);
  }
  return retirement;
}

export class RetirementRunner {
  constructor(
    private readonly options: {
      store: RetirementStore;
      logger: LoggerService;
      auditor?: AuditorService;
      notifier: RetirementNotifier;
      steps: StepDependencies;
      retryPolicy: RetryPolicy;
      now(): Date;
    },
  ) {}

  /**
   * Sends notifications still owed, starts the steps of retirements whose
   * sunset has come and runs steps until each retirement waits or is done.
   * Only one process runs it at a time (a global scheduled task).
   */
  async processDue(signal?: AbortSignal): Promise<void> {
    const { store, logger } = this.options;
    for (const retirement of await store.listByStatus(['retiring'])) {
      if (
        !retirement.notifiedAt &&
        retirement.notifyAttempts < MAX_NOTIFY_ATTEMPTS
      ) {
        await this.options.notifier.notifyStart(retirement);
      }
    }
    for (const retirement of await store.listByStatus([
      'retiring',
      'running',
    ])) {
      if (signal?.aborted) return;
      try {
        await this.drive(retirement.id, signal);
      } catch (error) {
        // Store errors and the like: the next run of the task tries again.
        logger.error(
          `Retirement ${retirement.id} of ${
            retirement.dataProduct
          } could not proceed: ${stringifyError(error)}`,
        );
      }
    }
  }

  /** Moves one retirement on until it has to wait. */
  async drive(id: string, signal?: AbortSignal): Promise<void> {
    const { store } = this.options;
    for (;;) {
      if (signal?.aborted) return;
      const retirement = await mustGet(store, id);
      const steps = await store.listSteps(id);
      const now = this.options.now();
      const action = nextAction(
        { status: retirement.status, sunset: new Date(retirement.sunset) },
        steps.map(toMachineStep),
        now,
        this.options.retryPolicy,
      );
      switch (action.type) {
        case 'none':
        case 'wait-retry':
          return;
        case 'begin': {
          const begun = await store.updateRetirement(
            id,
            { status: 'running', stepsStartedAt: now, updatedAt: now },
            ['retiring'],
          );
          if (begun) {
            await store.addEvent({
              retirementId: id,
              type: 'steps-started',
              actor: SYSTEM,
              at: now,
              note: 'the sunset has come',
            });
          }
          continue;
        }
        case 'run-step': {
          const step = steps.find(s => s.name === action.step)!;
          const outcome = await this.runStep(retirement, step, signal);
          if (outcome.status !== 'succeeded') {
            // waiting: check on the next run; failed: retry after a backoff.
            const after = await store.listSteps(id);
            const updated = after.find(s => s.name === action.step)!;
            if (
              outcome.status === 'failed' &&
              updated.attempts >= this.options.retryPolicy.maxAttempts
            ) {
              continue; // gives up right away
            }
            return;
          }
          continue;
        }
        case 'give-up': {
          const failed = await store.updateRetirement(
            id,
            { status: 'failed', updatedAt: now },
            ['running'],
          );
          if (failed) {
            await store.addEvent({
              retirementId: id,
              type: 'failed',
              actor: SYSTEM,
              at: now,
              step: action.step,
              note: `step ${action.step} failed ${this.options.retryPolicy.maxAttempts} times`,
            });
            await this.options.notifier.notifyOwners(retirement, {
              title: `Retirement of ${titleOf(retirement)} is stuck`,
              description: `The step "${
                STEP_LABELS[action.step as RetirementStepName] ?? action.step
              }" failed ${
                this.options.retryPolicy.maxAttempts
              } times. Open the Retirement tab to see the error and retry.`,
              severity: 'high',
            });
          }
          return;
        }
        case 'finish': {
          const finished = await store.updateRetirement(
            id,
            { status: 'retired', finishedAt: now, updatedAt: now },
            ['running'],
          );
          if (finished) {
            await store.addEvent({
              retirementId: id,
              type: 'retired',
              actor: SYSTEM,
              at: now,
            });
            const retired = (await store.getRetirement(id))!;
            await this.options.notifier.refreshCatalog(retired);
            await this.options.notifier.notifyOwners(retired, {
              title: `${titleOf(retirement)} is retired`,
              description: `Every retirement step is done. ${
                retired.catalog?.note ?? ''
              }`.trim(),
              severity: 'normal',
            });
          }
          return;
        }
        default:
          return;
      }
    }
  }

  private async runStep(
    retirement: StoredRetirement,
    step: RetirementStep,
    signal?: AbortSignal,
  ): Promise<StepOutcome> {
    const { store, auditor } = this.options;
    const machineStep = toMachineStep(step);
    const startedAt = this.options.now();
    const attempts = step.attempts + (countsAsAttempt(machineStep) ? 1 : 0);
    if (step.status !== 'waiting') {
      await store.updateStep(retirement.id, step.name, {
        status: 'running',
        attempts,
        startedAt: step.startedAt ? undefined : startedAt,
        error: null,
        updatedAt: startedAt,
      });
    }
    const auditEvent = await auditor?.createEvent({
      eventId: 'retirement-step',
      severityLevel: 'high',
      meta: {
        retirementId: retirement.id,
        dataProduct: retirement.dataProduct,
        step: step.name,
        attempt: attempts,
      },
    });
    let outcome: StepOutcome;
    try {
      outcome = await this.executeStep(step.name, {
        retirement,
        step: { ...step, attempts },
        signal,
        deps: this.options.steps,
      });
    } catch (error) {
      outcome = { status: 'failed', error: describeError(error) };
    }
    const now = this.options.now();
    const next = applyStepOutcome(
      { ...machineStep, attempts },
      outcome,
      now,
      this.options.retryPolicy,
    );
    await store.updateStep(retirement.id, step.name, {
      status: next.status,
      attempts,
      summary: outcome.status === 'failed' ? undefined : outcome.summary,
      ...(outcome.result !== undefined ? { result: outcome.result } : {}),
      error: outcome.status === 'failed' ? outcome.error : null,
      finishedAt: outcome.status === 'waiting' ? null : now,
      nextAttemptAt: next.nextAttemptAt ?? null,
      updatedAt: now,
    });
    if (outcome.status === 'failed') {
      await store.addEvent({
        retirementId: retirement.id,
        type: 'step-failed',
        actor: SYSTEM,
        at: now,
        step: step.name,
        note: outcome.error,
      });
      await auditEvent?.fail({ error: new Error(outcome.error) });
      this.options.logger.warn(
        `Retirement step ${step.name} of ${retirement.dataProduct} failed (attempt ${attempts}): ${outcome.error}`,
      );
    } else if (outcome.status === 'succeeded') {
      await store.addEvent({
        retirementId: retirement.id,
        type: 'step-succeeded',
        actor: SYSTEM,
        at: now,
        step: step.name,
        note: outcome.summary,
      });
      await auditEvent?.success({ meta: { summary: outcome.summary } });
    } else {
      await auditEvent?.success({ meta: { summary: outcome.summary } });
    }
    return outcome;
  }

  private executeStep(
    name: RetirementStepName,
    context: StepContext,
  ): Promise<StepOutcome> {
    // A step name stored by another version of Meshport fails, never throws.
    const definition = retirementSteps[name] as
      | RetirementStepDefinition
      | undefined;
    if (!definition) {
      return Promise.resolve({
        status: 'failed',
        error: `Unknown step ${name}`,
      });
    }
    return definition.run(context);
  }
}
