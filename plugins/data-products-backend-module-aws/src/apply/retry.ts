/*
 * Our own retry on top of the SDK's. `MalformedPolicyDocument`,
 * `LimitExceeded` and `InvalidInput` are never retried: only a changed
 * request can succeed.
 *
 * The SDK clients already retry throttling with backoff (adaptive mode,
 * `AWS_MAX_ATTEMPTS`). IAM throttles account-wide, so a busy account can
 * outlast the SDK's attempts: we retry throttling a few more times with a
 * longer backoff. And IAM is eventually consistent: right after CreateRole,
 * attaching a policy may fail with NoSuchEntity, and a trust policy naming a
 * just-created principal may be rejected as an invalid principal. Those are
 * retried too, only where the caller says they may be transient.
 */
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Errors no retry can fix: the request itself must change (a policy IAM
 * rejects, a quota reached, an invalid value). Never retried, even when a
 * caller's `isTransient` would accept them.
 */
const NON_RETRYABLE_PREFIXES = [
  'MalformedPolicyDocument',
  'LimitExceeded',
  'InvalidInput',
];

/**
 * Errors that pass: another change to the same entity in flight
 * (ConcurrentModification), or a dependent not yet released, e.g. a policy
 * still being detached or an instance profile still being removed
 * (DeleteConflict).
 */
const TRANSIENT_PREFIXES = ['ConcurrentModification', 'DeleteConflict'];

export function isNonRetryableError(error: unknown): boolean {
  const name = errorName(error);
  return NON_RETRYABLE_PREFIXES.some(prefix => name.startsWith(prefix));
}

/** Error codes AWS services use for throttling. */
const THROTTLING_ERRORS = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

export interface RetryOptions {
  /** Retries after the first attempt (default 5). */
  maxRetries?: number;
  /** Backoff before the first retry, doubled each time (default 500 ms). */
  baseDelayMs?: number;
  /** Longest wait between attempts (default 10 s). */
  maxDelayMs?: number;
  /** Injectable so tests do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1): jitter source, injectable for tests. */
  random?: () => number;
}

export const DEFAULT_RETRY: Required<Omit<RetryOptions, 'sleep' | 'random'>> = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
};

/** The SDK error name (`NoSuchEntityException`, `Throttling`, ...). */
export function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.name ?? e?.Code ?? e?.code ?? 'Error';
}

export function errorMessage(error: unknown): string {
  const e = error as { message?: string; Message?: string };
  return e?.message || e?.Message || String(error);
}

export function isThrottlingError(error: unknown): boolean {
  const e = error as {
    $retryable?: { throttling?: boolean };
    $metadata?: { httpStatusCode?: number };
  };
  return (
    THROTTLING_ERRORS.has(errorName(error)) ||
    e?.$retryable?.throttling === true ||
    e?.$metadata?.httpStatusCode === 429
  );
}

/** IAM's answer while a new principal is not visible everywhere yet. */
export function isInvalidPrincipalError(error: unknown): boolean {
  return (
    errorName(error).startsWith('MalformedPolicyDocument') &&
    /invalid principal/i.test(errorMessage(error))
  );
}

export function isNoSuchEntityError(error: unknown): boolean {
  return errorName(error).startsWith('NoSuchEntity');
}

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : undefined);
}

/**
 * Calls `call` until it succeeds, or fails with an error that is neither
 * throttling nor accepted by `isTransient`, or retries run out.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions & {
    isTransient?: (error: unknown) => boolean;
    signal?: AbortSignal;
  } = {},
): Promise<T> {
  const maxRetries = options.maxRetries ?? DEFAULT_RETRY.maxRetries;
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const name = errorName(error);
      const retryable =
        !isNonRetryableError(error) &&
        (isThrottlingError(error) ||
          TRANSIENT_PREFIXES.some(prefix => name.startsWith(prefix)) ||
          options.isTransient?.(error) === true);
      if (!retryable || attempt >= maxRetries || options.signal?.aborted) {
        throw error;
      }
      // Exponential backoff with "equal jitter": half fixed, half random.
      const ceiling = Math.min(max, base * 2 ** attempt);
      await sleep(
        Math.round(ceiling / 2 + random() * (ceiling / 2)),
        options.signal,
      );
    }
  }
}
