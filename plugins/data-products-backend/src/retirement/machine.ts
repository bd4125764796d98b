/*
 * The retirement flow as a pure state machine: which commands a retirement
 * accepts in which status, what the scheduler does next, and how a step's
 * outcome changes it. No I/O: the manager (./RetirementManager.ts) executes
 * what these functions decide and stores the result.
 */
import {
  ACTIVE_RETIREMENT_STATUSES,
  RETIREMENT_STEPS,
  RetirementStatus,
  RetirementStepName,
  RetirementStepStatus,
} from '@meshport/plugin-data-products-common';
import { DAY_MS } from '../lib/time';
import { STEP_LABELS } from './words';

export { DAY_MS };

/** The part of a retirement the machine looks at. */
export interface MachineRetirement {
  status: RetirementStatus;
  sunset: Date;
}

export interface MachineStep {
  name: RetirementStepName;
  status: RetirementStepStatus;
  attempts: number;
  nextAttemptAt?: Date;
}

export interface RetryPolicy {
  /** Attempts of one step before the retirement is marked failed. */
  maxAttempts: number;
  /** Backoff after the first failure; doubles each time. */
  firstBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  firstBackoffMs: 60_000,
  maxBackoffMs: 60 * 60_000,
};

/** The steps of a new retirement, all pending, in order. */
export function initialSteps(): MachineStep[] {
  return RETIREMENT_STEPS.map(name => ({
    name,
    status: 'pending',
    attempts: 0,
  }));
}

export function isActive(status: RetirementStatus): boolean {
  return ACTIVE_RETIREMENT_STATUSES.includes(status);
}

/** What other features see: retiring while under way, then retired. */
export function toRetirementState(
  status: RetirementStatus,
): 'retiring' | 'retired' | undefined {
  if (status === 'retired') return 'retired';
  return isActive(status) ? 'retiring' : undefined;
}

/** `30 days`, `1 day 2 hours`, `90 seconds`: a notice period for people. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['day', DAY_MS],
    ['hour', 60 * 60_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
      rest -= count * size;
    }
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join(' ') : `${ms} ms`;
}

/** The first UTC midnight at or after `now + noticePeriod`. */
export function earliestSunset(now: Date, noticePeriodMs: number): Date {
  const earliest = now.getTime() + noticePeriodMs;
  return new Date(Math.ceil(earliest / DAY_MS) * DAY_MS);
}

/**
 * Parses a sunset: a date (`2026-12-21`, that day's UTC midnight) or an ISO
 * 8601 date-time with a zone. Undefined when it is neither.
 */
export function parseSunset(value: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00.000Z`);
    return Number.isNaN(date.getTime()) ||
      date.toISOString().slice(0, 10) !== value
      ? undefined
      : date;
  }
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(
      value,
    )
  ) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

/**
 * Why a sunset is refused, or undefined when it is far enough ahead, e.g.
 * `must be at least 30 days from now (2026-12-21)`.
 */
export function checkSunset(options: {
  sunset: Date;
  now: Date;
  noticePeriodMs: number;
  /** The latest a sunset may be, from now; no limit when absent. */
  maxNoticePeriodMs?: number;
}): string | undefined {
  const { sunset, now, noticePeriodMs, maxNoticePeriodMs } = options;
  if (sunset.getTime() < now.getTime() + noticePeriodMs) {
    const earliest = formatDay(earliestSunset(now, noticePeriodMs));
    return `must be at least ${formatDuration(
      noticePeriodMs,
    )} from now (${earliest})`;
  }
  if (
    maxNoticePeriodMs !== undefined &&
    sunset.getTime() > now.getTime() + maxNoticePeriodMs
  ) {
    return `must be at most ${formatDuration(
      maxNoticePeriodMs,
    )} from now (by ${formatDay(latestSunset(now, maxNoticePeriodMs))})`;
  }
  return undefined;
}

/** The last UTC midnight at or before `now + maxNoticePeriod`. */
export function latestSunset(now: Date, maxNoticePeriodMs: number): Date {
  const latest = now.getTime() + maxNoticePeriodMs;
  return new Date(Math.floor(latest / DAY_MS) * DAY_MS);
}

/** `5 December 2028`: a day for people (UTC, as sunsets are). */
export function formatDay(date: Date): string {
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export type Decision<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Whether the owner may run the steps now:
 * - retiring, before or after the sunset: only when no consumer holds access
 *   any more (at the sunset the scheduler runs them anyway);
 * - failed: a retry of the failed step (consumers no longer matter: their
 *   grants were revoked or are being revoked);
 * - anything else: a conflict.
 */
export function decideConfirm(
  retirement: MachineRetirement,
  context: { activeConsumers: string[] },
): Decision<{ retry: boolean }> {
  switch (retirement.status) {
    case 'retiring': {
      const consumers = context.activeConsumers;
      if (consumers.length > 0) {
        return {
          ok: false,
          error: `${consumers.length} consumer${
            consumers.length === 1 ? '' : 's'
          } still hold${consumers.length === 1 ? 's' : ''} access (${consumers
            .slice(0, 5)
            .join(', ')}${
            consumers.length > 5 ? ', ...' : ''
          }): the steps run at the sunset (${formatDay(
            retirement.sunset,
          )}), or earlier once every consumer's access has ended`,
        };
      }
      return { ok: true, value: { retry: false } };
    }
    case 'failed':
      return { ok: true, value: { retry: true } };
    case 'running':
      return { ok: false, error: 'The retirement steps are already running' };
    case 'retired':
      return { ok: false, error: 'The data product is already retired' };
    case 'cancelled':
    default:
      return {
        ok: false,
        error: 'The retirement was cancelled; start a new one instead',
      };
  }
}

/** A cancel is possible only before the sunset, while no step has started. */
export function decideCancel(
  retirement: MachineRetirement,
  steps: MachineStep[],
  now: Date,
): Decision<void> {
  if (
    retirement.status === 'retiring' &&
    now.getTime() >= retirement.sunset.getTime()
  ) {
    return {
      ok: false,
      error: `The sunset (${formatDay(
        retirement.sunset,
      )}) has passed; the retirement steps are starting`,
    };
  }
  if (retirement.status === 'retiring') {
    const started = steps.filter(step => step.status !== 'pending');
    if (started.length === 0) {
      return { ok: true, value: undefined };
    }
  }
  if (retirement.status === 'cancelled') {
    return { ok: false, error: 'The retirement is already cancelled' };
  }
  if (retirement.status === 'retired') {
    return { ok: false, error: 'The data product is already retired' };
  }
  const started = steps
    .filter(step => step.status !== 'pending')
    .map(step => `“${STEP_LABELS[step.name] ?? step.name}”`);
  return {
    ok: false,
    error: `The retirement steps have started (${started.join(
      ', ',
    )}); it can no longer be cancelled`,
  };
}

/** What the scheduler does next with one retirement. */
export type NextAction =
  /** Nothing now: before the sunset, finished, or a provisioning run to wait for was already checked. */
  | { type: 'none' }
  /** The sunset has come: the steps start. */
  | { type: 'begin' }
  /** Run (or re-run after a crash, or retry after a failure, or check a waiting) step. */
  | { type: 'run-step'; step: RetirementStepName; resume: boolean }
  /** A failed step waits for its backoff. */
  | { type: 'wait-retry'; step: RetirementStepName; until: Date }
  /** A step failed too often: the retirement is marked failed. */
  | { type: 'give-up'; step: RetirementStepName }
  /** Every step succeeded: the retirement is done. */
  | { type: 'finish' };

/**
 * The next action for a retirement, given its steps in order. Steps run
 * strictly one after another: the first step that has not succeeded is the
 * only one that may run.
 */
export function nextAction(
  retirement: MachineRetirement,
  steps: MachineStep[],
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): NextAction {
  if (retirement.status === 'retiring') {
    return now.getTime() >= retirement.sunset.getTime()
      ? { type: 'begin' }
      : { type: 'none' };
  }
  if (retirement.status !== 'running') {
    return { type: 'none' };
  }
  const step = steps.find(s => s.status !== 'succeeded');
  if (!step) {
    return { type: 'finish' };
  }
  switch (step.status) {
    case 'pending':
      return { type: 'run-step', step: step.name, resume: false };
    case 'running':
    case 'waiting':
      // running: the process stopped while the step ran; waiting: check on it.
      return { type: 'run-step', step: step.name, resume: true };
    case 'failed':
    default:
      if (step.attempts >= policy.maxAttempts) {
        return { type: 'give-up', step: step.name };
      }
      if (step.nextAttemptAt && step.nextAttemptAt.getTime() > now.getTime()) {
        return {
          type: 'wait-retry',
          step: step.name,
          until: step.nextAttemptAt,
        };
      }
      return { type: 'run-step', step: step.name, resume: true };
  }
}

/** Backoff before attempt `attempts + 1`: 1, 2, 4, ... minutes, at most an hour. */
export function backoffMs(
  attempts: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  return Math.min(
    policy.firstBackoffMs * 2 ** Math.max(0, attempts - 1),
    policy.maxBackoffMs,
  );
}

/** How a step's execution ended. */
export type StepOutcome =
  | { status: 'succeeded'; summary: string; result?: Record<string, unknown> }
  /** Started something that finishes later; check again on the next tick. */
  | { status: 'waiting'; summary: string; result?: Record<string, unknown> }
  | { status: 'failed'; error: string; result?: Record<string, unknown> };

/** The step after one execution with this outcome. */
export function applyStepOutcome(
  step: MachineStep,
  outcome: StepOutcome,
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): MachineStep {
  if (outcome.status === 'failed') {
    return {
      ...step,
      status: 'failed',
      nextAttemptAt: new Date(now.getTime() + backoffMs(step.attempts, policy)),
    };
  }
  return { ...step, status: outcome.status, nextAttemptAt: undefined };
}

/**
 * Whether an execution of this step counts as a new attempt: a waiting step
 * being checked is the same attempt.
 */
export function countsAsAttempt(step: MachineStep): boolean {
  return step.status !== 'waiting';
}

/** A retry of a failed retirement: its failed step gets fresh attempts. */
export function resetForRetry(steps: MachineStep[]): MachineStep[] {
  return steps.map(step =>
    step.status === 'failed'
      ? { ...step, attempts: 0, nextAttemptAt: undefined }
      : step,
  );
}
