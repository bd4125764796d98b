/*
 * Pure: "migrate to v2" on the consumer's side. An input whose dataset a
 * newer major version replaces, and which the consumer holds or asked for,
 * gets the migration the Access tab offers: the new version, its sunset, the
 * changes, whether its owners must approve, and the consumer's request on
 * the new version once it accepted.
 */
import type {
  AccessRequest,
  Consumption,
  ConsumptionMigration,
  PendingVersion,
} from '@meshport/plugin-data-products-common';
import { normalizeEntityRef as lower } from '../lib/entityRefs';

/** The migration of one input, or undefined when there is nothing to move. */
export function migrationOf(
  input: Consumption,
  versions: PendingVersion[],
  requests: AccessRequest[],
): ConsumptionMigration | undefined {
  if (!input.request || versions.length === 0) {
    return undefined;
  }
  // The nearest sunset first: the one the consumer must act on.
  const [version] = [...versions].sort(
    (a, b) =>
      a.sunset.localeCompare(b.sunset) ||
      a.successor.localeCompare(b.successor),
  );
  const successor = lower(version.successor);
  const open = requests.find(
    r => lower(r.consumer) === input.consumer && lower(r.dataset) === successor,
  );
  return {
    successor,
    successorTitle: version.successorTitle,
    version: version.version,
    sunset: version.sunset,
    changes: version.changes,
    needsApproval: version.changes.some(c => c.kind === 'access-tightened'),
    ...(open ? { successorRequest: { id: open.id, status: open.status } } : {}),
  };
}

/** The inputs with their migrations (`versions` by lower-case dataset ref). */
export function withMigrations(
  inputs: Consumption[],
  versions: Map<string, PendingVersion[]>,
  requests: AccessRequest[],
): Consumption[] {
  return inputs.map(input => {
    const migration = migrationOf(
      input,
      versions.get(input.dataset) ?? [],
      requests,
    );
    return migration ? { ...input, migration } : input;
  });
}
