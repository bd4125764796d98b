/*
 * The one factory of AWS SDK v3 clients, one set per environment: the
 * environment's region, the configured endpoint (moto, LocalStack) if any,
 * and the environment's own credentials (`meshport.environments[].aws`: a
 * role assumed through STS, or a named profile; else the SDK's default
 * chain). Temporary credentials are shared by the environment's clients and
 * refreshed before they expire.
 *
 * Before anything is read or written in an environment, `verifyAccount`
 * asks STS whose credentials these are: the answer must be the
 * environment's `accountId`.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LakeFormationClient } from '@aws-sdk/client-lakeformation';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  fromIni,
  fromTemporaryCredentials,
} from '@aws-sdk/credential-providers';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsProvisionerConfig } from '../config';
import { AccountRateLimiters } from './rateLimit';

/** Requests per second and account unless `meshport.aws.maxCallsPerSecondPerAccount` says otherwise. */
export const DEFAULT_CALLS_PER_SECOND = 20;

type AwsCredentialIdentity = Awaited<ReturnType<ReturnType<typeof fromIni>>>;
/** A source of credentials, as SDK clients take it. */
export type AwsCredentialIdentityProvider = (
  identityProperties?: Record<string, unknown>,
) => Promise<AwsCredentialIdentity>;

export interface AwsClients {
  iam: IAMClient;
  glue: GlueClient;
  athena: AthenaClient;
  sts: STSClient;
  s3: S3Client;
  lakeformation: LakeFormationClient;
  /** Key policies of SSE-KMS buckets read across accounts (absent in tests that need none). */
  kms?: KMSClient;
}

export type AwsClientsFactory = (
  environment: MeshportEnvironment,
  config: AwsProvisionerConfig,
) => AwsClients;

/**
 * Attempts per request, retried by the SDK with backoff. Adaptive mode also
 * slows the client down when AWS throttles, which matters for IAM: its
 * quotas are per account and cannot be raised.
 */
export const SDK_MAX_ATTEMPTS = 6;
export const SDK_RETRY_MODE = 'adaptive';

/** Temporary credentials are renewed this long before they expire. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/** Shares one credentials lookup among clients; looks again shortly before expiry. */
export function sharedCredentials(
  provider: AwsCredentialIdentityProvider,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = Infinity;
  // The calling client's identity properties go through: an assumed role's STS client then uses
  // the caller's request handler (e.g. the CLI's proxy agent).
  return async (identityProperties?: Record<string, unknown>) => {
    if (!current || now() >= expiresAt - REFRESH_BEFORE_EXPIRY_MS) {
      const pending = provider(identityProperties);
      current = pending;
      expiresAt = Infinity;
      try {
        const credentials = await pending;
        expiresAt = credentials.expiration?.getTime() ?? Infinity;
      } catch (error) {
        current = undefined;
        throw error;
      }
    }
    return current;
  };
}

/**
 * The credentials of an environment, or undefined for the SDK's default
 * chain (environment variables, SSO, web identity, container, instance).
 */
export function environmentCredentials(
  environment: MeshportEnvironment,
  config: AwsProvisionerConfig,
): AwsCredentialIdentityProvider | undefined {
  const own = config.environments?.[environment.name]?.credentials;
  if (!own?.roleArn && !own?.profile) return undefined;
  const base = own.profile ? fromIni({ profile: own.profile }) : undefined;
  if (!own.roleArn) return sharedCredentials(base!);
  return sharedCredentials(
    fromTemporaryCredentials({
      ...(base ? { masterCredentials: base } : {}),
      params: {
        RoleArn: own.roleArn,
        RoleSessionName: own.sessionName ?? 'meshport',
        ...(own.externalId ? { ExternalId: own.externalId } : {}),
      },
      clientConfig: {
        region: environment.region,
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      },
    }),
  );
}

export function createAwsClients(
  environment: MeshportEnvironment,
  config: AwsProvisionerConfig,
): AwsClients {
  const credentials = environmentCredentials(environment, config);
  const common = {
    region: environment.region,
    maxAttempts: SDK_MAX_ATTEMPTS,
    retryMode: SDK_RETRY_MODE,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
  return {
    iam: new IAMClient(common),
    glue: new GlueClient(common),
    athena: new AthenaClient(common),
    sts: new STSClient(common),
    // Emulators serve buckets under the path, not as host names.
    s3: new S3Client({ ...common, forcePathStyle: !!config.endpoint }),
    lakeformation: new LakeFormationClient(common),
    kms: new KMSClient(common),
  };
}

/** The credentials of an environment belong to another account. */
export class AccountMismatchError extends Error {
  readonly name = 'AccountMismatchError';

  constructor(
    readonly environment: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Environment ${environment} is account ${expected}, but its credentials are of account ${actual}: nothing is read or written in ${environment} until meshport.environments[].aws (roleArn or profile) reaches account ${expected}`,
    );
  }
}

/** Throws AccountMismatchError unless the clients act in the environment's account. */
export async function verifyAccount(
  clients: Pick<AwsClients, 'sts'>,
  environment: MeshportEnvironment,
): Promise<void> {
  const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (Account !== environment.accountId) {
    throw new AccountMismatchError(
      environment.name,
      environment.accountId,
      Account ?? 'unknown',
    );
  }
}

/**
 * Builds each environment's clients once and reuses them; checks each
 * environment's account once (`verified`).
 */
export class AwsClientCache {
  private readonly clients = new Map<string, AwsClients>();
  private readonly checks = new Map<string, Promise<void>>();
  private readonly limiters: AccountRateLimiters;

  constructor(
    private readonly config: AwsProvisionerConfig,
    private readonly factory: AwsClientsFactory = createAwsClients,
  ) {
    this.limiters = new AccountRateLimiters(
      config.maxCallsPerSecondPerAccount ?? DEFAULT_CALLS_PER_SECOND,
    );
  }

  for(environment: MeshportEnvironment): AwsClients {
    let clients = this.clients.get(environment.name);
    if (!clients) {
      clients = this.factory(environment, this.config);
      // Environments of one account share its limiter.
      const limiter = this.limiters.of(environment.accountId);
      for (const client of Object.values(clients)) {
        client.middlewareStack.add(
          (next: any) => async (args: any) => {
            await limiter.take();
            return next(args);
          },
          { step: 'finalizeRequest', name: 'meshportAccountRateLimit' },
        );
      }
      this.clients.set(environment.name, clients);
    }
    return clients;
  }

  /** The environment's clients, once STS confirmed they act in its account. */
  async verified(environment: MeshportEnvironment): Promise<AwsClients> {
    const clients = this.for(environment);
    let check = this.checks.get(environment.name);
    if (!check) {
      check = verifyAccount(clients, environment);
      this.checks.set(environment.name, check);
    }
    await check;
    return clients;
  }

  /** Closes the sockets of every client built. */
  destroy(): void {
    for (const clients of this.clients.values()) {
      for (const client of Object.values(clients)) client.destroy();
    }
    this.clients.clear();
  }
}

/** What {@link countingClients} counts. */
export interface AwsCallCounts {
  reads: number;
  writes: number;
  /** `<service>:<command>` -> calls. */
  byCommand: Record<string, number>;
}

const WRITE_COMMAND =
  /^(Create|Update|Put|Delete|Attach|Detach|Tag|Untag|Set|Remove|Add|Copy|Start|Stop)/;

/** Whether an SDK command name (`CreateRoleCommand`) changes state. */
export function isWriteCommand(commandName: string): boolean {
  return WRITE_COMMAND.test(commandName);
}

/**
 * Wraps a client factory so that every request sent (retries included) is
 * counted as a read or a write: for `meshport reconcile`'s summary line and
 * for tests against an emulator.
 */
export function countingClients(
  counts: AwsCallCounts,
  factory: AwsClientsFactory = createAwsClients,
): AwsClientsFactory {
  return (environment, config) => {
    const clients = factory(environment, config);
    for (const [service, client] of Object.entries(clients)) {
      client.middlewareStack.add(
        (next: any, context: any) => async (args: any) => {
          const command = String(context.commandName ?? 'Unknown').replace(
            /Command$/,
            '',
          );
          if (isWriteCommand(command)) counts.writes++;
          else counts.reads++;
          const key = `${service}:${command}`;
          counts.byCommand[key] = (counts.byCommand[key] ?? 0) + 1;
          return next(args);
        },
        { step: 'finalizeRequest', name: 'meshportCallCounter' },
      );
    }
    return clients;
  };
}

/** Zeroed counts. */
export function emptyCallCounts(): AwsCallCounts {
  return { reads: 0, writes: 0, byCommand: {} };
}
