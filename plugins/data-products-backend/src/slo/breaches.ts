/*
 * When an SLO evaluation opens or closes a breach. Pure: the caller stores
 * the breach and sends the one notification each transition deserves, so
 * owners hear of a breach once when it starts and once when it ends, never on
 * every evaluation in between.
 */
import type { SloStatus } from '@meshport/plugin-data-products-common';

export type BreachTransition =
  /** The SLI went below target and no breach is open: open one, notify. */
  | 'open'
  /** A breach is open and the SLI is back at or above target: close it, notify. */
  | 'close'
  /** Nothing changed: still breached, still fine, or no data to judge. */
  | 'none';

/**
 * - breached without an open breach: open;
 * - met or at-risk with an open breach: close (recovered);
 * - no-data never changes anything: an open breach stays open until data
 *   shows a recovery, and missing data does not open one.
 */
export function decideBreachTransition(
  hasOpenBreach: boolean,
  status: SloStatus,
): BreachTransition {
  if (status === 'breached') {
    return hasOpenBreach ? 'none' : 'open';
  }
  if (status === 'met' || status === 'at-risk') {
    return hasOpenBreach ? 'close' : 'none';
  }
  return 'none';
}
