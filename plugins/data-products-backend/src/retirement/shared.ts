/*
 * What the retirement files share: what retirement needs from provisioning,
 * the scheduler's actor, and the small formatting helpers of its messages.
 */
import type {
  ProvisioningMode,
  ProvisioningRun,
  RetirementStep,
} from '@meshport/plugin-data-products-common';
import { formatDay, MachineStep } from './machine';
import type { StoredRetirement } from './RetirementStore';
import { normalizeEntityRef } from '../lib/entityRefs';

/** What retirement needs from provisioning. */
export interface RetirementProvisioning {
  mode: ProvisioningMode;
  /** Queues a reconcile of the products (the reconciler's trigger). */
  trigger(request: {
    reason: 'retirement';
    dataProducts: string[];
    requestedBy?: string;
  }): Promise<ProvisioningRun>;
  getRun(id: string): Promise<ProvisioningRun | undefined>;
  /** The newest run that covered the product, for "last activity". */
  latestRunOf(dataProduct: string): Promise<ProvisioningRun | undefined>;
}

/** The actor of what the scheduler does. */
export const SYSTEM = 'system';

/** Entity refs as the plugin stores them (its one normalisation). */
export const lower = normalizeEntityRef;

/** The product's page in the portal, for notification links. */
export { entityPath } from '@meshport/plugin-data-products-common';

/** A date for people in notifications, e.g. `21 December 2026` (UTC). */
export function day(iso: string): string {
  return formatDay(new Date(iso));
}

/** The retiring product's title, from the snapshot taken at the start. */
export function titleOf(retirement: StoredRetirement): string {
  const snapshot = retirement.snapshot as
    | { product?: { metadata?: { name?: string; title?: string } } }
    | undefined;
  const metadata = snapshot?.product?.metadata;
  return (
    metadata?.title ??
    metadata?.name ??
    retirement.dataProduct.slice(retirement.dataProduct.indexOf('/') + 1)
  );
}

export function toMachineStep(step: RetirementStep): MachineStep {
  return {
    name: step.name,
    status: step.status,
    attempts: step.attempts,
    ...(step.nextAttemptAt
      ? { nextAttemptAt: new Date(step.nextAttemptAt) }
      : {}),
  };
}
