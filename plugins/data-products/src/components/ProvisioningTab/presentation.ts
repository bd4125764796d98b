/*
 * Pure helpers turning provisioning plans and runs into what the tab shows.
 * Free of React so the wording can be tested on its own.
 */
import type {
  DataProductProvisioningPlanResponse,
  ProvisioningMode,
  ProvisioningOperationInfo,
  ProvisioningRun,
  ProductChangeCounts,
  ProvisioningRunProblem,
  ProvisioningRunTrigger,
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

/** An operation's action in words. */
export const OPERATION_ACTION_LABELS: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
};

const ACRONYMS: Record<string, string> = {
  iam: 'IAM',
  s3: 'S3',
  kms: 'KMS',
  sqs: 'SQS',
  sns: 'SNS',
  aws: 'AWS',
  lf: 'Lake Formation',
};

/** A provisioner's resource type as people say it: `iam-managed-policy` -> `IAM managed policy`. */
export function resourceTypeLabel(resourceType: string): string {
  const words = resourceType
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map(word => ACRONYMS[word.toLocaleLowerCase('en-US')] ?? word);
  if (words.length === 0) return resourceType;
  const [first, ...rest] = words;
  return [
    `${first.charAt(0).toLocaleUpperCase('en-US')}${first.slice(1)}`,
    ...rest,
  ].join(' ');
}

/** Why a run started, in words (the run history's Trigger column). */
export const RUN_TRIGGER_LABELS: Record<ProvisioningRunTrigger, string> = {
  schedule: 'Scheduled',
  'catalog-change': 'Catalog change',
  'grant-change': 'Access change',
  manual: 'Reconcile now',
  startup: 'Portal start',
  retirement: 'Retirement',
};

/** A run's mode in words (the run history's Mode column). */
export const RUN_MODE_LABELS: Record<ProvisioningMode, string> = {
  plan: 'Plan only',
  apply: 'Applied',
};

/**
 * What one run changed for this product, e.g. `2 created, 1 deleted`, or `Planned: 1 updated`
 * in plan mode; `In progress` until it finishes, empty until its counts are known. Never the
 * whole mesh's count.
 */
export function describeRunProductChanges(
  run: Pick<ProvisioningRun, 'status' | 'mode'>,
  counts?: ProductChangeCounts,
): string {
  if (isRunActive(run)) return 'In progress';
  if (!counts) return '';
  const words = describeProductCounts(counts);
  const changed = counts.create + counts.update + counts.delete > 0;
  return run.mode === 'plan' && changed ? `Planned: ${words}` : words;
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
