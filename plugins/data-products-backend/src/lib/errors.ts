/*
 * Errors as sentences for people. Logs, audit events and other text for
 * operators use `stringifyError` from `@backstage/errors` (the error's
 * `String()`, e.g. `Error: connect ECONNREFUSED`); what a user reads in the
 * portal (a provisioning run's result, a retirement step's outcome) goes
 * through `describeError` here. An auditor event's failure takes an `Error`:
 * `toError` makes one of whatever was thrown.
 */
import { isError, stringifyError } from '@backstage/errors';

/**
 * An error for people: its message alone when it is a plain `Error` (where
 * `stringifyError` would prefix "Error: "), with its name when the name says
 * something (`NotFoundError: ...`), and `String(value)` for a thrown
 * non-error (where `stringifyError` gives "unknown error '...'").
 */
export function describeError(error: unknown): string {
  if (isError(error)) {
    return error.name && error.name !== 'Error'
      ? `${error.name}: ${error.message}`
      : error.message;
  }
  return String(error);
}

/**
 * `error` itself when it is an `Error`, else an `Error` whose message is
 * `stringifyError(error)` (for a thrown non-error, e.g. an auditor event's
 * failure).
 */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(stringifyError(error));
}
