/*
 * Pure: what accepting "migrate to v2" does to a consumer's request on a
 * deprecated dataset version, given the changes to the version replacing it.
 *
 * - An active grant moves when the new version's access is not tighter: a
 *   grant on the new version starts at once, in the same environments with
 *   the same end, and the old grant ends on the old version's sunset (not at
 *   once: the consumer keeps reading the old version until its jobs switch,
 *   and the old version stops being served on that day anyway).
 * - A tighter access on the new version, or a request still pending on the
 *   old one, becomes a request on the new version for its owners to decide
 *   (approved at once when the new version is unrestricted).
 */
import type {
  AccessRequestStatus,
  ContractChange,
} from '@meshport/plugin-data-products-common';
import { DAY_MS } from '../lib/time';

export type MigrationPlan =
  | { kind: 'move' }
  | { kind: 'request' }
  | { kind: 'refused'; reason: string };

/** What accepting the migration of a request in `status` does. */
export function planMigration(options: {
  status: AccessRequestStatus;
  changes: Pick<ContractChange, 'kind'>[];
}): MigrationPlan {
  const { status, changes } = options;
  const tightened = changes.some(change => change.kind === 'access-tightened');
  if (status === 'approved' || status === 'granted') {
    return tightened ? { kind: 'request' } : { kind: 'move' };
  }
  if (status === 'pending') {
    return { kind: 'request' };
  }
  return {
    kind: 'refused',
    reason: `Only access held or asked for can move to a new version; this request is ${status}`,
  };
}

/** The end of the sunset day (`YYYY-MM-DD`, UTC): the first instant the old version is not served. */
export function sunsetEnd(sunset: string): string {
  return new Date(Date.parse(`${sunset}T00:00:00.000Z`) + DAY_MS).toISOString();
}

/** When the old grant ends once moved: on the sunset, or at its own end when that comes first. */
export function oldGrantEnd(
  validUntil: string | undefined,
  sunset: string,
): string {
  const end = sunsetEnd(sunset);
  return validUntil && Date.parse(validUntil) < Date.parse(end)
    ? new Date(validUntil).toISOString()
    : end;
}
