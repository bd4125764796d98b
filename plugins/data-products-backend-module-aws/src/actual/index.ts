/*
 * Reads the actual AWS state of the resources Meshport manages, per
 * environment, within an optional scope. Read-only: only List/Get calls.
 *
 * The result records the scope it covers (`scope`), so the differ neither
 * creates what was not looked at nor deletes what was not read. S3 is not
 * read: prefixes need no API call (see the differ), so `buckets` is empty.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { ProvisioningScope } from '@meshport/plugin-data-products-node';
import type { AwsProvisionerConfig } from '../config';
import { AWS_ROLE_KINDS, AwsDesiredState } from '../model';
import { AwsClientCache, AwsClientsFactory } from '../apply/clients';
import { normalizeProductRef, ScopedAwsActualState } from '../apply/operations';
import type { RetryOptions } from '../apply/retry';
import { roleName } from '../plan/names';
import { readWorkgroups } from './athena';
import { readGlueDatabases } from './glue';
import { readIamState } from './iam';

export interface ReadActualAwsStateOptions {
  config: AwsProvisionerConfig;
  /** `meshport.environments`; the desired state's environments if empty. */
  environments: MeshportEnvironment[];
  scope?: ProvisioningScope;
  logger?: LoggerService;
  /** Builds the SDK clients of an environment (default: region + endpoint + default credentials). */
  clients?: AwsClientsFactory;
  retry?: RetryOptions;
}

/** Reads what exists in AWS for the desired state's environments, within the scope. */
export async function readActualAwsState(
  desired: AwsDesiredState,
  options: ReadActualAwsStateOptions,
): Promise<ScopedAwsActualState> {
  const { config, scope, logger } = options;
  const configured = options.environments.length
    ? options.environments
    : desired.environments;
  const scopedNames = scope?.environments?.length
    ? new Set(scope.environments)
    : undefined;
  const environments = configured.filter(
    e => !scopedNames || scopedNames.has(e.name),
  );
  const products = scope?.dataProducts?.length
    ? [...new Set(scope.dataProducts.map(normalizeProductRef))]
    : undefined;

  const clients = new AwsClientCache(config, options.clients);
  const state: ScopedAwsActualState = {
    roles: [],
    unattachedPolicies: [],
    buckets: [],
    glueDatabases: [],
    workgroups: [],
    scope: {
      environments: environments.map(e => e.name),
      ...(products ? { dataProducts: products } : {}),
    },
  };
  try {
    for (const environment of environments) {
      const { iam, glue, athena } = clients.for(environment);
      // Names are deterministic, so a product-scoped read needs only its roles.
      const roleNames = products
        ? new Set(
            products.flatMap(product =>
              AWS_ROLE_KINDS.map(kind =>
                roleName(config.rolePrefix, product, environment.name, kind),
              ).filter((n): n is string => !!n),
            ),
          )
        : undefined;
      const inProducts = (product: string) =>
        !products || products.includes(normalizeProductRef(product));
      try {
        const iamState = await readIamState(iam, environment, {
          rolePath: config.rolePath,
          roleNames,
          retry: options.retry,
        });
        state.roles.push(...iamState.roles);
        state.unattachedPolicies!.push(...iamState.unattachedPolicies);
        const databases = await readGlueDatabases(glue, environment, {
          retry: options.retry,
        });
        state.glueDatabases.push(
          ...databases.filter(d => inProducts(d.dataProduct)),
        );
        const workgroups = await readWorkgroups(athena, environment, {
          rolePrefix: config.rolePrefix,
          retry: options.retry,
        });
        state.workgroups.push(
          ...workgroups.filter(w => inProducts(w.dataProduct)),
        );
      } catch (error) {
        throw new Error(
          `Could not read the AWS state of environment ${
            environment.name
          } (account ${environment.accountId}, ${environment.region}): ${
            (error as Error).name
          }: ${(error as Error).message}`,
        );
      }
      logger?.debug(
        `Read AWS state of ${environment.name}: ${
          state.roles.filter(r => r.environment === environment.name).length
        } managed roles`,
      );
    }
  } finally {
    clients.destroy();
  }
  return state;
}
