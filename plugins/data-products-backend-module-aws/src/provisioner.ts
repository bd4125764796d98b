/*
 * The AWS platform provisioner: `plan` is the pure planner; reading the actual
 * state, diffing and applying live in `./actual` and `./apply`.
 *
 * Contract of those adapters (they receive plain data and build their own
 * SDK v3 clients per environment from the region and `config.endpoint`):
 *   readActualAwsState(desired, { config, environments, scope?, logger? })
 *     => Promise<AwsActualState>
 *   diffAwsState(desired, actual) => ProvisioningOperation[]   (pure, ordered)
 *   applyAwsOperations(operations, { config, environments, onResult?, signal?, logger? })
 *     => Promise<OperationResult[]>
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type {
  ApplyOptions,
  ArchiveRequest,
  ArchiveResult,
  JsonObject,
  OperationResult,
  PlatformProvisioner,
  ProvisioningInput,
  ProvisioningOperation,
  ProvisioningPlan,
  ProvisioningProblem,
  ReadActualStateOptions,
} from '@meshport/plugin-data-products-node';
import { readActualAwsState } from './actual';
import { applyArchive, ArchiveClients } from './archive/apply';
import { describeArchiveStep, planArchive } from './archive/plan';
import { applyAwsOperations } from './apply';
import { assumeApplied } from './apply/assume';
import type { AwsClientsFactory } from './apply/clients';
import { diffAwsState } from './apply/diff';
import { readGrantIdsNotHeld } from './apply/heldGrants';
import type { AwsProvisionerConfig } from './config';
import { AWS_PROVISIONER_ID, AwsActualState, AwsDesiredState } from './model';
import { planAwsDesiredState } from './plan/planner';
import { renderTerraform } from './plan/terraform';

/** A whole deep read at least this often (see `deepReadIntervalMs`). */
export const DEEP_READ_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface AwsProvisionerOptions {
  config: AwsProvisionerConfig;
  /** `meshport.environments`, used when applying (plans use their input's). */
  environments: MeshportEnvironment[];
  logger?: LoggerService;
  /**
   * Builds an environment's clients for reading and applying (default:
   * region, endpoint and the environment's credentials; see ./apply/clients.ts).
   */
  clients?: AwsClientsFactory;
  /**
   * How often a read checks every detail (policy tags, Glue tags, workgroup
   * settings) instead of trusting descriptions that match the plan. Default
   * 24 hours; 0 reads deeply every time.
   */
  deepReadIntervalMs?: number;
  /** Builds the S3 and Glue clients archiving uses (default: region + endpoint + default credentials). */
  archiveClients?: (environment: MeshportEnvironment) => ArchiveClients;
}

export class AwsProvisioner
  implements PlatformProvisioner<AwsDesiredState, AwsActualState>
{
  readonly id = AWS_PROVISIONER_ID;
  /** When this process last read deeply (a cache: losing it costs one deep read). */
  private lastDeepRead = -Infinity;

  constructor(private readonly options: AwsProvisionerOptions) {}

  async plan(
    input: ProvisioningInput,
  ): Promise<ProvisioningPlan<AwsDesiredState>> {
    const desired = planAwsDesiredState(input, this.options.config);
    return {
      provisioner: this.id,
      desired,
      problems: desired.problems.map(({ role, ...problem }) =>
        role ? { ...problem, resource: problem.resource ?? role } : problem,
      ),
    };
  }

  async readActualState(
    plan: ProvisioningPlan<AwsDesiredState>,
    options?: ReadActualStateOptions & { deep?: boolean },
  ): Promise<AwsActualState> {
    const now = Date.now();
    const interval = this.options.deepReadIntervalMs ?? DEEP_READ_INTERVAL_MS;
    const deep = options?.deep ?? now - this.lastDeepRead >= interval;
    const actual = await readActualAwsState(plan.desired, {
      deep,
      config: this.options.config,
      environments: this.options.environments,
      scope: options?.scope,
      logger: this.options.logger,
      clients: this.options.clients,
    });
    if (deep && !options?.scope) this.lastDeepRead = now;
    return actual;
  }

  /** Wrong-account and quota problems found by `readActualState`. */
  problemsOf(actual: AwsActualState): ProvisioningProblem[] {
    return (actual.problems ?? []).map(({ role, ...problem }) =>
      role ? { ...problem, resource: problem.resource ?? role } : problem,
    );
  }

  diff(
    plan: ProvisioningPlan<AwsDesiredState>,
    actual: AwsActualState,
  ): ProvisioningOperation[] {
    return diffAwsState(plan.desired, actual);
  }

  async apply(
    operations: ProvisioningOperation[],
    options?: ApplyOptions,
  ): Promise<OperationResult[]> {
    return applyAwsOperations(operations, {
      config: this.options.config,
      environments: this.options.environments,
      onResult: options?.onResult,
      signal: options?.signal,
      logger: this.options.logger,
      clients: this.options.clients,
    });
  }

  /**
   * After apply: the grants Lake Formation does not hold in full yet (read
   * in each lake-formation environment's account). IAM-mode grants are held
   * once applied.
   */
  async grantsNotHeld(
    plan: ProvisioningPlan<AwsDesiredState>,
    input: ProvisioningInput,
  ): Promise<string[]> {
    return readGrantIdsNotHeld(input.grants, plan.desired, {
      config: this.options.config,
      environments: this.options.environments,
      clients: this.options.clients,
    });
  }

  assumeApplied(plan: ProvisioningPlan<AwsDesiredState>): AwsActualState {
    return assumeApplied(plan.desired);
  }

  /** The roles, databases, workgroups and prefixes of one product, per environment. */
  resourcesOf(
    plan: ProvisioningPlan<AwsDesiredState>,
    dataProductRef: string,
  ): JsonObject {
    const ref = dataProductRef.toLocaleLowerCase('en-US');
    const { desired } = plan;
    const mine = <T extends { dataProduct: string }>(items: T[]) =>
      items.filter(item => item.dataProduct === ref);
    const resources = {
      roles: mine(desired.roles),
      glueDatabases: mine(desired.glueDatabases),
      workgroups: mine(desired.workgroups),
      buckets: desired.buckets
        .map(bucket => ({ ...bucket, prefixes: mine(bucket.prefixes) }))
        .filter(bucket => bucket.prefixes.length > 0),
      problems: desired.problems.filter(problem => problem.dataProduct === ref),
    };
    // plain JSON data: the desired state is JSON-serialisable by construction
    return resources as unknown as JsonObject;
  }

  /**
   * Copies a retiring product's S3 prefixes (dataset outputs and workspace)
   * to the environment's archive bucket under
   * `retired/<product>/<retirement id>/s3/<bucket>/<prefix>` and writes its
   * Glue tables' definitions to `.../glue/<database>.json`. Nothing is
   * deleted: the Glue databases are kept, the original objects stay. Plan
   * mode lists the copies without calling AWS.
   */
  async archive(request: ArchiveRequest): Promise<ArchiveResult> {
    const plan = planArchive(request, this.options.config);
    if (request.mode === 'plan') {
      return {
        operations: plan.steps.map(step => ({
          id: step.id,
          environment: step.environment,
          resourceType: step.kind,
          ...describeArchiveStep(step),
          status: 'planned',
        })),
        problems: plan.problems,
      };
    }
    const operations = await applyArchive(plan.steps, {
      config: this.options.config,
      environments: this.options.environments,
      clients: this.options.archiveClients,
      signal: request.signal,
    });
    return { operations, problems: plan.problems };
  }

  renderTerraform(plan: ProvisioningPlan<AwsDesiredState>): JsonObject {
    return renderTerraform(plan.desired);
  }
}
