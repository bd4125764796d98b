/*
 * Errors as sentences for people (in run results, step results, logs).
 */
import { isError } from '@backstage/errors';

/** An error for people: its message, with its name unless that says nothing. */
export function describeError(error: unknown): string {
  if (isError(error)) {
    return error.name && error.name !== 'Error'
      ? `${error.name}: ${error.message}`
      : error.message;
  }
  return String(error);
}
