/*
 * The health of a data product as `meshport get` shows it: a pure function over what the portal
 * returned (catalog entities, the provisioning plan and last run, grants, SLOs, retirement), so the
 * verdict is tested without a portal.
 */
import type {
  AccessRequest,
  DataProductProvisioningPlanResponse,
  DataProductRetirementResponse,
  ProvisioningOperationInfo,
  ProvisioningRun,
  ProvisioningRunDetails,
  SloSummaryResponse,
} from '@meshport/plugin-data-products-common';

export type HealthStatus = 'healthy' | 'unhealthy' | 'unknown';

/** A catalog entity with the processing errors the catalog recorded for it. */
export interface CatalogEntityState {
  entityRef: string;
  title: string;
  errors: string[];
}

/** One platform resource: what the plan wants and where the platform stands. */
export interface ResourceState {
  environment: string;
  /** e.g. `iam-role`, `glue-database`. */
  type: string;
  name: string;
  /** `present` when nothing is to change, else the pending change. */
  planned: 'present' | 'create' | 'update' | 'delete';
  /** The last run's outcome for it: planned, succeeded, failed, ...; `in sync` when the run had nothing to do. */
  lastRun: string;
  error?: string;
}

export interface GrantState {
  requestId: string;
  consumer: string;
  dataset: string;
  environments: string[];
  status: string;
  provisioning?: string;
  validUntil?: string;
}

export interface ProductHealth {
  entityRef: string;
  title: string;
  status: HealthStatus;
  /** Why it is not healthy (empty when healthy). */
  reasons: string[];
  catalog: CatalogEntityState[];
  provisioning?: {
    mode: string;
    lastRun?: {
      id: string;
      status: string;
      trigger: string;
      finishedAt?: string;
      error?: string;
    };
    /** A newer run, queued or running. */
    runUnderWay?: { id: string; status: string; trigger: string };
    resources: ResourceState[];
    problems: string[];
  };
  grants: { held: GrantState[]; given: GrantState[] };
  slos: Array<{
    dataset: string;
    title: string;
    status: string;
    openBreaches: number;
    sampleData: boolean;
  }>;
  retirement?: {
    status: string;
    sunset: string;
    reason: string;
    steps: Array<{ name: string; status: string }>;
  };
  /** Reads of its datasets (lineage runs, usage collectors): the last, and who read lately. */
  reads?: { lastRead?: string; readersLast30Days: string[] };
}

/** What the portal returned; a part that could not be read is undefined with a note in `unreadable`. */
export interface ProductHealthInput {
  entityRef: string;
  title: string;
  catalog: CatalogEntityState[];
  plan?: DataProductProvisioningPlanResponse;
  /** The last finished run covering the product (with its operations for the product). */
  lastRun?: ProvisioningRunDetails;
  /** A newer run that is queued or running. */
  runUnderWay?: ProvisioningRun;
  grantsHeld?: AccessRequest[];
  grantsGiven?: AccessRequest[];
  slo?: SloSummaryResponse;
  retirement?: DataProductRetirementResponse;
  /** Sentences about parts that could not be read (e.g. not allowed). */
  unreadable: string[];
  /** Only this environment's resources (`--environment`). */
  environment?: string;
}

interface DesiredResource {
  environment: string;
  type: string;
  name: string;
  /** How operations name it (ARN, or role/policy). */
  key: string;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null;
}

function list(value: unknown): Record<string, any>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/**
 * The resources of a provisioner's plan for one product. Knows the AWS provisioner's shape (roles
 * with their managed and inline policies, Glue databases, Athena workgroups); other provisioners'
 * resources show through their operations only.
 */
export function desiredResources(resources: unknown): DesiredResource[] {
  if (!isRecord(resources)) {
    return [];
  }
  const found: DesiredResource[] = [];
  for (const role of list(resources.roles)) {
    const environment = String(role.environment);
    found.push({
      environment,
      type: 'iam-role',
      name: String(role.name),
      key: String(role.arn),
    });
    for (const policy of list(role.managedPolicies)) {
      found.push({
        environment,
        type: 'iam-managed-policy',
        name: String(policy.name),
        key: String(policy.arn),
      });
    }
    for (const policy of list(role.inlinePolicies)) {
      const key = `${role.name}/${policy.name}`;
      found.push({ environment, type: 'iam-inline-policy', name: key, key });
    }
  }
  for (const database of list(resources.glueDatabases)) {
    found.push({
      environment: String(database.environment),
      type: 'glue-database',
      name: String(database.name),
      key: String(database.arn),
    });
  }
  for (const workgroup of list(resources.workgroups)) {
    found.push({
      environment: String(workgroup.environment),
      type: 'athena-workgroup',
      name: String(workgroup.name),
      key: String(workgroup.arn),
    });
  }
  return found;
}

const keyOf = (item: { environment: string; type: string; key: string }) =>
  `${item.environment}\u0000${item.type}\u0000${item.key}`;

const operationKey = (operation: ProvisioningOperationInfo) =>
  keyOf({
    environment: operation.environment,
    type: operation.resourceType,
    key: operation.resource,
  });

function resourceStates(
  plan: DataProductProvisioningPlanResponse,
  lastRun: ProvisioningRunDetails | undefined,
  productRef: string,
): ResourceState[] {
  const ran = new Map(
    (lastRun?.operations ?? [])
      .filter(op => !op.dataProduct || sameRef(op.dataProduct, productRef))
      .map(op => [operationKey(op), op]),
  );
  // Pending operations compare with the last whole-mesh plan; a run scoped to the product (what
  // apply starts) may have done them since. Operation ids are stable, so those are not pending.
  const doneByLastRun = new Set(
    [...ran.values()]
      .filter(op => op.status === 'planned' || op.status === 'succeeded')
      .map(op => op.id),
  );
  const pending = new Map<string, ProvisioningOperationInfo>();
  for (const provisioner of plan.provisioners) {
    for (const operation of provisioner.pendingOperations ?? []) {
      if (!doneByLastRun.has(operation.id)) {
        pending.set(operationKey(operation), operation);
      }
    }
  }
  // Without the run's details (not readable) nothing can be said per resource.
  let runState = 'never run';
  if (lastRun) {
    runState = 'in sync';
  } else if (plan.lastRun) {
    runState = 'unknown';
  }
  const rows: ResourceState[] = [];
  const seen = new Set<string>();
  for (const provisioner of plan.provisioners) {
    for (const resource of desiredResources(provisioner.resources)) {
      const key = keyOf(resource);
      seen.add(key);
      const change = pending.get(key);
      const operation = ran.get(key);
      rows.push({
        environment: resource.environment,
        type: resource.type,
        name: resource.name,
        planned: change?.action ?? 'present',
        lastRun: operation?.status ?? runState,
        ...(operation?.error ? { error: operation.error } : {}),
      });
    }
  }
  // Changes and operations on resources the plan does not list (deletions, other provisioners).
  for (const [key, operation] of [...pending, ...ran]) {
    if (!seen.has(key)) {
      seen.add(key);
      const change = pending.get(key);
      const last = ran.get(key);
      rows.push({
        environment: operation.environment,
        type: operation.resourceType,
        name: operation.resource,
        planned: change?.action ?? 'present',
        lastRun: last?.status ?? 'in sync',
        ...(last && 'error' in last && last.error ? { error: last.error } : {}),
      });
    }
  }
  return rows;
}

function sameRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

function toGrant(request: AccessRequest): GrantState {
  return {
    requestId: request.id,
    consumer: request.consumer,
    dataset: request.dataset,
    environments: request.environments,
    status: request.status,
    ...(request.provisioning ? { provisioning: request.provisioning } : {}),
    ...(request.validUntil ? { validUntil: request.validUntil } : {}),
  };
}

function plural(count: number, singular: string, pluralForm: string) {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function verdict(unhealthy: string[], unknown: string[]): HealthStatus {
  if (unhealthy.length) {
    return 'unhealthy';
  }
  return unknown.length ? 'unknown' : 'healthy';
}

/** Judges the product: unhealthy when anything is wrong, unknown when something could not be told. */
export function assessProductHealth(input: ProductHealthInput): ProductHealth {
  const unhealthy: string[] = [];
  const unknown: string[] = [...input.unreadable];
  const inEnvironment = (environment?: string) =>
    !input.environment || !environment || environment === input.environment;

  for (const entity of input.catalog) {
    for (const error of entity.errors) {
      unhealthy.push(`The catalog cannot process ${entity.title}: ${error}`);
    }
  }

  let provisioning: ProductHealth['provisioning'];
  if (input.plan) {
    const problems = [
      ...input.plan.problems,
      ...input.plan.provisioners.flatMap(p => p.problems),
    ].filter(problem => inEnvironment(problem.environment));
    for (const problem of problems.filter(p => p.severity === 'error')) {
      unhealthy.push(`The plan has an error: ${problem.message}`);
    }
    const resources = resourceStates(
      input.plan,
      input.lastRun,
      input.entityRef,
    ).filter(row => inEnvironment(row.environment));
    const pendingCount = resources.filter(r => r.planned !== 'present').length;
    if (pendingCount > 0) {
      unhealthy.push(
        `${plural(
          pendingCount,
          'change is',
          'changes are',
        )} not reconciled yet: run meshport apply, or wait for the next reconcile`,
      );
    }
    for (const row of resources.filter(r => r.lastRun === 'failed')) {
      unhealthy.push(
        `The last run failed to change ${row.type} ${row.name} in ${
          row.environment
        }${row.error ? `: ${row.error}` : ''}`,
      );
    }
    const run =
      input.lastRun ?? (input.runUnderWay ? undefined : input.plan.lastRun);
    const underWay = input.runUnderWay;
    if (!run && underWay) {
      unknown.push(`The first provisioning run is still ${underWay.status}`);
    } else if (!run) {
      unknown.push('No provisioning run has covered this product yet');
    } else if (run.status === 'queued' || run.status === 'running') {
      unknown.push(`The last provisioning run is still ${run.status}`);
    } else if (run.status === 'failed') {
      unhealthy.push(
        `The last provisioning run failed${run.error ? `: ${run.error}` : ''}`,
      );
    }
    provisioning = {
      mode: input.plan.mode,
      ...(run
        ? {
            lastRun: {
              id: run.id,
              status: run.status,
              trigger: run.trigger,
              ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
              ...(run.error ? { error: run.error } : {}),
            },
          }
        : {}),
      ...(underWay
        ? {
            runUnderWay: {
              id: underWay.id,
              status: underWay.status,
              trigger: underWay.trigger,
            },
          }
        : {}),
      resources,
      problems: problems.map(p => `${p.severity}: ${p.message}`),
    };
  }

  const slos = (input.slo?.datasets ?? []).map(dataset => ({
    dataset: dataset.dataset,
    title: dataset.title,
    status: dataset.status ?? 'no SLOs',
    openBreaches: dataset.openBreaches,
    sampleData: dataset.sampleData,
  }));
  for (const slo of slos.filter(s => s.status === 'breached')) {
    unhealthy.push(`An SLO of ${slo.title} is breached`);
  }

  let retirement: ProductHealth['retirement'];
  const active = input.retirement?.retirement;
  if (active) {
    retirement = {
      status: active.status,
      sunset: active.sunset,
      reason: active.reason,
      steps: (input.retirement?.steps ?? []).map(step => ({
        name: step.name,
        status: step.status,
      })),
    };
    if (active.status === 'failed') {
      unhealthy.push(
        'Its retirement failed: a step failed too often (an owner confirms again to retry)',
      );
    }
  }

  const reads = input.retirement?.usage.reads;

  const activeGrant = (request: AccessRequest) =>
    request.status === 'approved' || request.status === 'granted';
  return {
    entityRef: input.entityRef,
    title: input.title,
    status: verdict(unhealthy, unknown),
    reasons: [...unhealthy, ...unknown],
    catalog: input.catalog,
    ...(provisioning ? { provisioning } : {}),
    grants: {
      held: (input.grantsHeld ?? []).filter(activeGrant).map(toGrant),
      given: (input.grantsGiven ?? []).filter(activeGrant).map(toGrant),
    },
    slos,
    ...(retirement ? { retirement } : {}),
    ...(reads ? { reads } : {}),
  };
}
