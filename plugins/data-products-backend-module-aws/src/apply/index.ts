/*
 * Applies AWS operations in the order the differ put them, one at a time.
 *
 * - Each operation yields an `OperationResult`; `onResult` is awaited before
 *   the next one starts, so progress is stored as it happens.
 * - A failure does not stop independent operations; operations that depend
 *   on it (`details.dependsOn`) are skipped with the reason.
 * - Once `signal` aborts, the remaining operations are reported as skipped.
 * - Nothing is written in an environment until STS confirmed that its
 *   credentials act in its account; otherwise its operations fail, naming
 *   both accounts.
 * - Writes converge: creating what exists updates it (if Meshport manages
 *   it), deleting what is gone succeeds. See ./iam.ts, ./glue.ts, ./athena.ts.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type {
  OperationResult,
  ProvisioningOperation,
} from '@meshport/plugin-data-products-node';
import type { AwsProvisionerConfig } from '../config';
import { AWS_PROVISIONER_ID } from '../model';
import { applyAccessOperation } from './access';
import { applyAthenaOperation } from './athena';
import { AwsClientCache, AwsClientsFactory } from './clients';
import { ApplyContext, Outcome, RunMemory } from './context';
import { applyGlueOperation } from './glue';
import { applyIamOperation } from './iam';
import { CommonDetails, detailsOf } from './operations';
import { errorMessage, errorName, RetryOptions } from './retry';

export { assumeApplied } from './assume';
export { diffAwsState } from './diff';

export interface ApplyAwsOptions {
  config: AwsProvisionerConfig;
  /** `meshport.environments`: where each operation's environment is. */
  environments: MeshportEnvironment[];
  onResult?(result: OperationResult): void | Promise<void>;
  signal?: AbortSignal;
  logger?: LoggerService;
  /** Builds the SDK clients of an environment (default: region + endpoint + default credentials). */
  clients?: AwsClientsFactory;
  /** Our retry on top of the SDK's (throttling, IAM eventual consistency). */
  retry?: RetryOptions;
  /** Clock for `finishedAt`; injectable for tests. */
  now?: () => Date;
}

/** Applies the operations in order and reports each result. */
export async function applyAwsOperations(
  operations: ProvisioningOperation[],
  options: ApplyAwsOptions,
): Promise<OperationResult[]> {
  const { config, signal, logger } = options;
  const now = options.now ?? (() => new Date());
  const environments = new Map(options.environments.map(e => [e.name, e]));
  const clients = new AwsClientCache(config, options.clients);
  const memories = new Map<string, RunMemory>();
  const statuses = new Map<string, OperationResult['status']>();
  const results: OperationResult[] = [];

  const finish = async (
    operation: ProvisioningOperation,
    outcome: { status: OperationResult['status']; error?: string },
  ) => {
    const result: OperationResult = {
      operationId: operation.id,
      status: outcome.status,
      ...(outcome.error ? { error: outcome.error } : {}),
      finishedAt: now().toISOString(),
    };
    statuses.set(operation.id, result.status);
    results.push(result);
    await options.onResult?.(result);
  };

  try {
    for (const operation of operations) {
      if (signal?.aborted) {
        await finish(operation, {
          status: 'skipped',
          error: 'The run was aborted before this operation',
        });
        continue;
      }
      const blocker = (
        detailsOf<CommonDetails>(operation).dependsOn ?? []
      ).find(id => statuses.has(id) && statuses.get(id) !== 'succeeded');
      if (blocker) {
        await finish(operation, {
          status: 'skipped',
          error: `Depends on ${blocker}, which ${
            statuses.get(blocker) === 'failed' ? 'failed' : 'was skipped'
          }`,
        });
        continue;
      }
      let outcome: Outcome;
      try {
        outcome = await applyOne(operation);
      } catch (error) {
        const message = `${errorName(error)}: ${errorMessage(error)}`;
        logger?.warn(`AWS operation ${operation.id} failed: ${message}`);
        await finish(operation, { status: 'failed', error: message });
        continue;
      }
      if (outcome.status === 'skipped') {
        await finish(operation, { status: 'skipped', error: outcome.reason });
      } else {
        logger?.debug(
          `AWS operation ${operation.id} succeeded${
            outcome.note ? ` (${outcome.note})` : ''
          }`,
        );
        await finish(operation, { status: 'succeeded' });
      }
    }
  } finally {
    clients.destroy();
  }
  return results;

  async function applyOne(operation: ProvisioningOperation): Promise<Outcome> {
    if (operation.provisioner !== AWS_PROVISIONER_ID) {
      return {
        status: 'skipped',
        reason: `Not an AWS operation (${operation.provisioner})`,
      };
    }
    const environment = environments.get(operation.environment);
    if (!environment) {
      throw new Error(
        `Environment ${operation.environment} is not configured in meshport.environments`,
      );
    }
    let memory = memories.get(environment.name);
    if (!memory) {
      memory = new RunMemory();
      memories.set(environment.name, memory);
    }
    const ctx: ApplyContext = {
      config,
      environment,
      // STS must confirm the account before the environment's first write.
      clients: await clients.verified(environment),
      retry: options.retry ?? {},
      signal,
      logger,
      memory,
    };
    switch (operation.resourceType) {
      case 'iam-role':
      case 'iam-managed-policy':
      case 'iam-role-policy-attachment':
      case 'iam-inline-policy':
        return applyIamOperation(operation, ctx);
      case 'glue-database':
        return applyGlueOperation(operation, ctx);
      case 'athena-workgroup':
        return applyAthenaOperation(operation, ctx);
      case 'lake-formation':
      case 's3-bucket-policy':
      case 'kms-key-policy':
      case 'glue-catalog-policy':
      case 'athena-data-catalog':
        return applyAccessOperation(operation, ctx);
      case 's3-prefix':
        // The differ emits none; S3 has no folders to create.
        return { status: 'skipped', reason: 'S3 prefixes need no API call' };
      default:
        throw new Error(`Unknown AWS resource type ${operation.resourceType}`);
    }
  }
}
