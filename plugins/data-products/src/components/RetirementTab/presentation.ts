/*
 * Words and small rules of the Retirement tab, kept apart from the
 * components so they can be tested on their own.
 */
import type {
  RetirementStatus,
  RetirementStepStatus,
} from '@meshport/plugin-data-products-common';

/** A step as the tab names it (the one list, shared with the backend's refusals and notices). */
export { RETIREMENT_STEP_LABELS as STEP_LABELS } from '@meshport/plugin-data-products-common';

export const STEP_STATUS_LABELS: Record<RetirementStepStatus, string> = {
  pending: 'Not started',
  running: 'Running',
  waiting: 'Waiting',
  succeeded: 'Done',
  failed: 'Failed',
};

export const STATUS_LABELS: Record<RetirementStatus, string> = {
  retiring: 'Retiring',
  running: 'Retirement steps running',
  failed: 'Retirement stuck: a step failed',
  retired: 'Retired',
  cancelled: 'Retirement cancelled',
};

/** `2026-12-21` of an ISO timestamp: the value of a date input (the sunset is a UTC date). */
export function isoDay(iso: string): string {
  return iso.slice(0, 10);
}

/** A sunset for people, e.g. `December 21, 2026` in the reader's locale (the same day everywhere). */
export { formatUtcDay as formatDay } from '../shared/localTime';

/** A moment for people: date and time in the reader's locale and time zone. */
export { formatTimestamp as formatTime } from '../shared/localTime';

/**
 * The provisioning run a step waited for, from the step's result: its id and when it was
 * queued. The tab names it by its date and links the Provisioning tab, never by its id.
 */
export function stepRun(
  result: { [key: string]: unknown } | undefined,
): { runCreatedAt: string } | undefined {
  const at = result?.runCreatedAt;
  return typeof at === 'string' && at ? { runCreatedAt: at } : undefined;
}

/** Whole days from `now` until the sunset (0 once it has come). */
export function daysUntil(sunset: string, now: Date): number {
  return Math.max(
    0,
    Math.ceil((Date.parse(sunset) - now.getTime()) / (24 * 60 * 60 * 1000)),
  );
}

/** Whether the tab should refresh by itself: something is moving on the server. */
export function isMoving(status?: RetirementStatus): boolean {
  return status === 'running';
}

/** `name` of `kind:namespace/name`, with the namespace outside `default`. */
export function shortRef(ref: string): string {
  const [, rest = ref] = ref.split(':');
  const [namespace, name] = rest.split('/');
  if (!name) return ref;
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** The catalog path of an entity ref. */
export { entityPath } from '@meshport/plugin-data-products-common';

/**
 * A server message for people: `body.sunset: must be at least…` reads
 * `Sunset must be at least…` (the field path is for API clients).
 */
export function forPeople(message: string): string {
  return message
    .split('; ')
    .map(part => {
      const match = /^(?:body|query|params)\.([A-Za-z][\w.[\]]*): (.*)$/s.exec(
        part,
      );
      if (!match) return part;
      const field = match[1]
        .split('.')
        .pop()!
        .replace(/\[\d+\]$/, '')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLocaleLowerCase('en-US');
      return `${field.charAt(0).toLocaleUpperCase('en-US')}${field.slice(1)} ${
        match[2]
      }`;
    })
    .join('; ');
}

/** The server's own message of a ResponseError, or the error's message, for people. */
export function messageOf(error: Error): string {
  const body = (error as { body?: { error?: { message?: string } } }).body;
  if (body?.error?.message) return forPeople(body.error.message);
  const cause = (error as { cause?: unknown }).cause;
  return forPeople(
    cause instanceof Error && cause.message ? cause.message : error.message,
  );
}
