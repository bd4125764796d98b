/*
 * Pure: what the retirement says to people about runs, locations and activity, in words. No run
 * ids, entity refs, location refs or internal status names: the details stay in the step's result
 * and the retirement's `catalog.location` for API clients.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  AccessRequestStatus,
  ProvisioningMode,
  ProvisioningRunStatus,
  ProvisioningRunTrigger,
} from '@meshport/plugin-data-products-common';

/** The name of an entity ref (`orders` of `dataset:default/orders`), for a ref without a title. */
export function refName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * Where an entity is kept, as people know it: `the portal's repository orders`,
 * `the repository git.example.com/orders`, `the file orders/catalog-info.yaml on the portal host`.
 */
export function locationLabel(locationRef: string | undefined): string {
  if (!locationRef) return 'an unknown place';
  const colon = locationRef.indexOf(':');
  const type = colon > 0 ? locationRef.slice(0, colon) : '';
  const target = colon > 0 ? locationRef.slice(colon + 1) : locationRef;
  if (type === 'meshport-local-git') {
    return `the portal's repository ${target}`;
  }
  if (type === 'url') {
    try {
      const url = new URL(target);
      // `/org/repo/blob/main/catalog-info.yaml` reads as the repository `org/repo`.
      const parts = url.pathname.split('/').filter(Boolean);
      const tree = parts.findIndex(p => p === 'blob' || p === 'tree');
      const repo = (tree > 0 ? parts.slice(0, tree) : parts.slice(0, -1)).join(
        '/',
      );
      return `the repository ${url.host}${repo ? `/${repo}` : ''}`;
    } catch {
      return 'a repository';
    }
  }
  if (type === 'file') {
    const parts = target.split(/[\\/]/).filter(Boolean);
    return `the file ${parts.slice(-2).join('/')} on the portal host`;
  }
  return 'where it is registered';
}

const RUN_TRIGGERS: Record<ProvisioningRunTrigger, string> = {
  schedule: 'scheduled',
  'catalog-change': 'catalog-change',
  'grant-change': 'access-change',
  manual: 'manual',
  startup: 'start-up',
  retirement: 'retirement',
};

const RUN_OUTCOMES: Record<ProvisioningRunStatus, string> = {
  queued: 'is waiting to start',
  running: 'is running',
  succeeded: 'succeeded',
  failed: 'failed',
  partial: 'partly failed',
};

/** `A scheduled provisioning run (plan only) succeeded`. */
export function runActivity(
  trigger: ProvisioningRunTrigger,
  mode: ProvisioningMode,
  status: ProvisioningRunStatus,
): string {
  const kind = RUN_TRIGGERS[trigger] ?? 'provisioning';
  const article = /^[aeiou]/.test(kind) ? 'An' : 'A';
  return `${article} ${kind} provisioning run${
    mode === 'plan' ? ' (plan only)' : ''
  } ${RUN_OUTCOMES[status] ?? 'ended'}`;
}

const REQUEST_ACTIVITY: Record<
  AccessRequestStatus,
  (consumer: string, dataset: string) => string
> = {
  pending: (c, d) => `${c} asked for access to ${d}`,
  approved: (c, d) => `${c}'s access to ${d} was approved`,
  granted: (c, d) => `${c} was granted access to ${d}`,
  denied: (c, d) => `${c}'s request for ${d} was denied`,
  cancelled: (c, d) => `${c}'s request for ${d} was cancelled`,
  revoked: (c, d) => `${c}'s access to ${d} was revoked`,
  expired: (c, d) => `${c}'s access to ${d} expired`,
};

/** `Customer 360 was granted access to Orders`, the product and dataset by title. */
export function requestActivity(
  consumerTitle: string,
  datasetTitle: string,
  status: AccessRequestStatus,
): string {
  const say =
    REQUEST_ACTIVITY[status] ??
    ((c: string, d: string) => `${c}'s access to ${d} changed`);
  return say(consumerTitle, datasetTitle);
}

/** What the release step says of its provisioning run (the run is linked by the UI). */
export function releaseSummary(run: {
  mode: ProvisioningMode;
  deletes: number;
  failed: number;
}): string {
  const { mode, deletes, failed } = run;
  const resources = `${deletes} resource${deletes === 1 ? '' : 's'}`;
  return `${
    mode === 'plan'
      ? `Planned the release of ${resources} (plan mode: nothing was changed)`
      : `Released ${resources}`
  }${
    failed
      ? `; ${failed} operation${
          failed === 1 ? '' : 's'
        } failed (e.g. Glue databases that still hold tables are kept): see the run on the Provisioning tab`
      : ''
  }`;
}

/** A step as the Retirement tab names it (the one list, shared with the frontend). */
export { RETIREMENT_STEP_LABELS as STEP_LABELS } from '@meshport/plugin-data-products-common';
