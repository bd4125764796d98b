import type {
  ProvisioningRun,
  ProvisioningRunTrigger,
} from '@meshport/plugin-data-products-common';

/**
 * Whether the change detector should queue a whole-mesh run, and why.
 *
 * It compares the current input with the input of the latest whole-mesh run
 * (whatever its outcome: a failing run is retried by the schedule, not every
 * minute), and notices provisioners added since that run.
 */
export function decideChangeTrigger(options: {
  fingerprint: string;
  latestFullRun?: ProvisioningRun;
  provisionerIds: string[];
}): Extract<ProvisioningRunTrigger, 'startup' | 'catalog-change'> | undefined {
  const { fingerprint, latestFullRun, provisionerIds } = options;
  if (!latestFullRun) {
    return 'startup';
  }
  if (latestFullRun.status === 'queued') {
    // It has not read its input yet, so it will see the latest.
    return undefined;
  }
  if (latestFullRun.inputFingerprint !== fingerprint) {
    return latestFullRun.inputFingerprint || latestFullRun.status !== 'running'
      ? 'catalog-change'
      : undefined;
  }
  if (latestFullRun.summary) {
    const covered = new Set(latestFullRun.summary.provisioners.map(p => p.id));
    if (provisionerIds.some(id => !covered.has(id))) {
      return 'startup';
    }
  }
  return undefined;
}
