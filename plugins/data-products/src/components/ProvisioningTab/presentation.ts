/*
 * Pure helpers turning provisioning plans and runs into what the tab shows.
 * Free of React so the wording can be tested on its own.
 */
import type {
  DataProductProvisioningPlanResponse,
  ProvisioningMode,
  ProvisioningOperationAction,
  ProvisioningOperationInfo,
  ProvisioningOperationStatus,
  ProvisioningRun,
  ProvisioningRunProblem,
  ProvisioningRunSummary,
} from '@meshport/plugin-data-products-common';

export { formatTimestamp } from '../shared/localTime';

/** What each mode means for someone wondering whether the cloud changed. */
export const PROVISIONING_MODE_EXPLANATIONS: Record<ProvisioningMode, string> =
  {
    plan: 'Plan mode: Meshport records what it would change and never calls AWS',
    apply: 'Apply mode: Meshport changes AWS to match the desired state',
  };

/** A run that has not finished yet: worth polling. */
export function isRunActive(run: Pick<ProvisioningRun, 'status'>): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/** `850 ms`, `42 s`, `3 min 5 s`, `2 h 10 min`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) {
    return `${Math.max(0, Math.round(milliseconds))} ms`;
  }
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/**
 * How long a run took, or has been running so far; empty until it started.
 */
export function describeRunDuration(
  run: Pick<ProvisioningRun, 'startedAt' | 'finishedAt'>,
  now: Date = new Date(),
): string {
  if (!run.startedAt) {
    return '';
  }
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) {
    return '';
  }
  const duration = formatDuration(end - start);
  return run.finishedAt ? duration : `${duration} so far`;
}

/** `10 GiB`, `512 MiB`: the Athena scan limit as people think of it. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Number.isInteger(value) ? value : Number(value.toFixed(1));
  return `${rounded} ${units[unit]}`;
}

/**
 * The counts of a finished run in words, e.g.
 * `3 operations: 2 create, 1 update; 3 planned`. Empty while it runs.
 */
export function describeRunCounts(summary?: ProvisioningRunSummary): string {
  if (!summary) {
    return '';
  }
  if (summary.operations === 0) {
    return 'No changes';
  }
  const list = (
    counts: Partial<
      Record<ProvisioningOperationAction | ProvisioningOperationStatus, number>
    >,
  ) =>
    Object.entries(counts)
      .filter(([, count]) => count)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ');
  const operations = `${summary.operations} operation${
    summary.operations === 1 ? '' : 's'
  }`;
  const byAction = list(summary.byAction);
  const byStatus = list(summary.byStatus);
  return [byAction ? `${operations}: ${byAction}` : operations, byStatus]
    .filter(Boolean)
    .join('; ');
}

/** The pending operations of every provisioner, or `undefined` if none can tell. */
export function collectPendingOperations(
  plan: DataProductProvisioningPlanResponse,
): ProvisioningOperationInfo[] | undefined {
  const known = plan.provisioners.filter(p => p.pendingOperations);
  if (known.length === 0) {
    return undefined;
  }
  return known.flatMap(p => p.pendingOperations ?? []);
}

/** The product's problems and each provisioner's, errors first. */
export function collectProblems(
  plan: DataProductProvisioningPlanResponse,
): ProvisioningRunProblem[] {
  const problems = [
    ...plan.problems,
    ...plan.provisioners.flatMap(provisioner =>
      provisioner.problems.map(problem => ({
        ...problem,
        provisioner: problem.provisioner ?? provisioner.id,
      })),
    ),
  ];
  const rank = (problem: ProvisioningRunProblem) =>
    problem.severity === 'error' ? 0 : 1;
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => rank(a.problem) - rank(b.problem) || a.index - b.index)
    .map(({ problem }) => problem);
}

/** Where a problem was found, e.g. `aws · dev · meshport-sales-orders-dev-owner`. */
export function describeProblemLocation(
  problem: ProvisioningRunProblem,
): string {
  return [problem.provisioner, problem.environment, problem.resource]
    .filter(Boolean)
    .join(' · ');
}

/** Policy documents as people read them: indented JSON. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** `1 created, 2 updated, 1 deleted (1 failed)`: one product's changes in a run, never the mesh's. */
export function describeProductCounts(counts: {
  create: number;
  update: number;
  delete: number;
  failed: number;
}): string {
  const parts = [
    counts.create && `${counts.create} created`,
    counts.update && `${counts.update} updated`,
    counts.delete && `${counts.delete} deleted`,
  ].filter(Boolean);
  if (parts.length === 0) return 'No change to this product';
  const failed = counts.failed ? ` (${counts.failed} failed)` : '';
  return `${parts.join(', ')}${failed}`;
}
