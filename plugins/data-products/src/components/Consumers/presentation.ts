/* Pure: how one consumption pair reads for people. */
import type { Consumption } from '@meshport/plugin-data-products-common';

export interface ConsumptionLabel {
  /** Short: `Granted (dev, prd)`, `Requested`, `Declared, no access`, `Reads without declaring`. */
  state: string;
  /** What is out of line, if anything. */
  warning?: string;
}

export function describeConsumption(c: Consumption): ConsumptionLabel {
  switch (c.state) {
    case 'granted':
      return {
        state: `Granted (${c.grantedEnvironments.join(', ')})`,
        ...(c.undeclaredGrant
          ? { warning: 'Holds access without declaring an input port' }
          : {}),
      };
    case 'requested':
      return {
        state: 'Requested, waiting for a decision',
        ...(!c.declared
          ? { warning: 'Asked without declaring an input port' }
          : {}),
      };
    case 'declared':
      return { state: 'Declared, no access yet' };
    case 'read':
    default:
      return {
        state: 'Reads it',
        warning: 'Reads without an input port or a grant',
      };
  }
}

/** `2 consumers: 1 granted, 1 declared` */
export function summarizeConsumers(consumers: Consumption[]): string {
  if (consumers.length === 0) return 'No data product consumes it.';
  const counts = new Map<string, number>();
  for (const c of consumers)
    counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  const names = new Set(consumers.map(c => c.consumer)).size;
  const parts = (['granted', 'requested', 'declared', 'read'] as const)
    .filter(state => counts.get(state))
    .map(
      state =>
        `${counts.get(state)} ${
          state === 'read' ? 'reading undeclared' : state
        }`,
    );
  return `${names} consumer${names === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}
