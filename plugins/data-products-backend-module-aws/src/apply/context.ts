/*
 * What every applier needs while one list of operations is applied.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsProvisionerConfig } from '../config';
import type { AwsClients } from './clients';
import { RetryOptions, withRetry } from './retry';

export interface ApplyContext {
  config: AwsProvisionerConfig;
  environment: MeshportEnvironment;
  clients: AwsClients;
  retry: RetryOptions;
  signal?: AbortSignal;
  logger?: LoggerService;
  /** Per environment, shared by all operations of the run. */
  memory: RunMemory;
}

/** What earlier operations of the run learned about one environment. */
export class RunMemory {
  /** Roles known to be Meshport's (read and checked, or created now). */
  readonly managedRoles = new Set<string>();
  /** Roles and policies created in this run: IAM may not show them everywhere yet. */
  readonly createdRoles = new Set<string>();
  readonly createdPolicies = new Set<string>();
}

/** How an operation ended when it did not throw. */
export type Outcome =
  | { status: 'succeeded'; note?: string }
  | { status: 'skipped'; reason: string };

export const SUCCEEDED: Outcome = { status: 'succeeded' };

/** Thrown when a resource exists but Meshport does not manage it. */
export class NotManagedError extends Error {
  readonly name = 'NotManagedError';

  constructor(what: string, environment?: string) {
    super(
      `${what} exists but is not managed by Meshport${
        environment ? ` in environment ${environment}` : ''
      } (tags meshport:managed=true${
        environment ? ` and meshport:environment=${environment}` : ''
      }${
        what.startsWith('IAM') ? ', and the configured path' : ''
      }); Meshport never changes resources it does not manage: tag it to hand it over, or rename or remove it`,
    );
  }
}

/** Calls AWS with our retry on top of the SDK's (throttling + `isTransient`). */
export function callAws<T>(
  ctx: ApplyContext,
  call: () => Promise<T>,
  isTransient?: (error: unknown) => boolean,
): Promise<T> {
  return withRetry(call, { ...ctx.retry, isTransient, signal: ctx.signal });
}
