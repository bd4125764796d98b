/*
 * SDK v3 clients, one set per environment: the environment's region, the
 * configured endpoint (e.g. LocalStack) if any, and the SDK's default
 * credential provider chain (environment variables, shared config and SSO
 * profiles, web identity, container and instance roles). The credentials
 * must resolve to the environment's account; each operation's ARNs name the
 * account they expect.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsProvisionerConfig } from '../config';

export interface AwsClients {
  iam: IAMClient;
  glue: GlueClient;
  athena: AthenaClient;
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

export function createAwsClients(
  environment: MeshportEnvironment,
  config: AwsProvisionerConfig,
): AwsClients {
  const common = {
    region: environment.region,
    maxAttempts: SDK_MAX_ATTEMPTS,
    retryMode: SDK_RETRY_MODE,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  };
  return {
    iam: new IAMClient(common),
    glue: new GlueClient(common),
    athena: new AthenaClient(common),
  };
}

/** Builds each environment's clients once and reuses them. */
export class AwsClientCache {
  private readonly clients = new Map<string, AwsClients>();

  constructor(
    private readonly config: AwsProvisionerConfig,
    private readonly factory: AwsClientsFactory = createAwsClients,
  ) {}

  for(environment: MeshportEnvironment): AwsClients {
    let clients = this.clients.get(environment.name);
    if (!clients) {
      clients = this.factory(environment, this.config);
      this.clients.set(environment.name, clients);
    }
    return clients;
  }

  /** Closes the sockets of every client built. */
  destroy(): void {
    for (const { iam, glue, athena } of this.clients.values()) {
      iam.destroy();
      glue.destroy();
      athena.destroy();
    }
    this.clients.clear();
  }
}
