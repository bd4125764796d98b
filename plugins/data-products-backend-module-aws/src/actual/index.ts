/*
 * Reads the actual AWS state of the resources Meshport manages, per
 * environment, within an optional scope. Read-only: only List/Get calls.
 * Environments are read in parallel (bounded); each only after STS confirmed
 * its credentials act in its account. An environment whose credentials are
 * of another account is refused: a problem, nothing read, nothing planned.
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
import { readEnvironmentAccess } from './access';
import {
  AccountMismatchError,
  AwsClientCache,
  AwsClientsFactory,
} from '../apply/clients';
import { normalizeProductRef, ScopedAwsActualState } from '../apply/operations';
import type { RetryOptions } from '../apply/retry';
import { roleName } from '../plan/names';
import { readWorkgroups } from './athena';
import { readGlueDatabases } from './glue';
import { readIamState } from './iam';
import { mapWithConcurrency } from './util';
import { checkAccountQuotas } from './quotas';
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { withRetry } from '../apply/retry';
import { stringifyError } from '@backstage/errors';

/** Environments read at the same time (each account has its own limits). */
export const ENVIRONMENT_READ_CONCURRENCY = 4;

function readError(environment: MeshportEnvironment, error: unknown): Error {
  return new Error(
    `Could not read the AWS state of environment ${environment.name} (account ${
      environment.accountId
    }, ${environment.region}): ${stringifyError(error)}`,
  );
}

export interface ReadActualAwsStateOptions {
  config: AwsProvisionerConfig;
  /** `meshport.environments`; the desired state's environments if empty. */
  environments: MeshportEnvironment[];
  scope?: ProvisioningScope;
  logger?: LoggerService;
  /** Builds the SDK clients of an environment (default: region + endpoint + default credentials). */
  clients?: AwsClientsFactory;
  retry?: RetryOptions;
  /**
   * Read every detail (policy tags, Glue tags, workgroup settings) instead of
   * trusting listed descriptions that match the plan.
   */
  deep?: boolean;
}

/** Like Promise.all, but every promise settles before the first failure is thrown. */
async function allSettledOrThrow<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find(s => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map(
    s => (s as PromiseFulfilledResult<unknown>).value,
  ) as unknown as T;
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

  const cache = new AwsClientCache(config, options.clients);
  const state: ScopedAwsActualState = {
    roles: [],
    unattachedPolicies: [],
    buckets: [],
    glueDatabases: [],
    workgroups: [],
    problems: [],
    refusedEnvironments: [],
    scope: {
      environments: environments.map(e => e.name),
      ...(products ? { dataProducts: products } : {}),
    },
  };
  // IAM's counts and quotas, once per account.
  const summaries = new Map<string, Promise<Record<string, number>>>();
  const accountSummary = (iam: IAMClient, accountId: string) => {
    let summary = summaries.get(accountId);
    if (!summary) {
      summary = withRetry(
        () => iam.send(new GetAccountSummaryCommand({})),
        options.retry,
      ).then(r => (r.SummaryMap ?? {}) as Record<string, number>);
      summaries.set(accountId, summary);
    }
    return summary;
  };

  const readEnvironment = async (environment: MeshportEnvironment) => {
    let clients;
    try {
      clients = await cache.verified(environment);
    } catch (error) {
      if (error instanceof AccountMismatchError) {
        // Nothing is read or written in this environment; the others go on.
        return { environment, refused: error.message };
      }
      throw readError(environment, error);
    }
    const { iam, glue, athena } = clients;
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
      const listed = { workgroups: 0, glueDatabases: 0 };
      const mine = <T extends { environment: string }>(items: T[]) =>
        items.filter(item => item.environment === environment.name);
      // The three services at once: each has its own limits.
      const [iamState, databases, workgroups, summary] =
        await allSettledOrThrow([
          readIamState(iam, environment, {
            rolePath: config.rolePath,
            roleNames,
            deep: options.deep,
            retry: options.retry,
          }),
          readGlueDatabases(glue, environment, {
            retry: options.retry,
            planned: mine(desired.glueDatabases),
            deep: options.deep,
            onListed: n => {
              listed.glueDatabases = n;
            },
          }),
          readWorkgroups(athena, environment, {
            rolePrefix: config.rolePrefix,
            retry: options.retry,
            planned: mine(desired.workgroups),
            deep: options.deep,
            onListed: n => {
              listed.workgroups = n;
            },
          }),
          accountSummary(iam, environment.accountId),
        ]);
      const access = await readEnvironmentAccess(
        desired,
        environment,
        clients,
        config.rolePath,
      );
      logger?.debug(
        `Read AWS state of ${environment.name}: ${iamState.roles.length} managed roles`,
      );
      return {
        environment,
        access,
        usage: { summary, ...listed },
        iamState,
        databases: databases.filter(d => inProducts(d.dataProduct)),
        workgroups: workgroups.filter(w => inProducts(w.dataProduct)),
      };
    } catch (error) {
      throw readError(environment, error);
    }
  };

  try {
    // Every read settles before the first failure is reported: no call
    // outlives the run.
    const settled = await mapWithConcurrency(
      environments,
      ENVIRONMENT_READ_CONCURRENCY,
      environment =>
        readEnvironment(environment).then(
          value => ({ value }),
          (error: unknown) => ({ error }),
        ),
    );
    const failed = settled.find(s => 'error' in s);
    if (failed && 'error' in failed) throw failed.error;
    // Merged in config order, whatever order the reads finished in.
    for (const { value: result } of settled as Array<{
      value: Awaited<ReturnType<typeof readEnvironment>>;
    }>) {
      if ('refused' in result) {
        state.refusedEnvironments!.push(result.environment.name);
        state.problems!.push({
          severity: 'error',
          environment: result.environment.name,
          message: result.refused!,
        });
        continue;
      }
      state.roles.push(...result.iamState.roles);
      state.unattachedPolicies!.push(...result.iamState.unattachedPolicies);
      state.glueDatabases.push(...result.databases);
      state.workgroups.push(...result.workgroups);
      const { lakeFormation, policies, catalogs, problems } = result.access;
      state.problems!.push(...problems);
      if (lakeFormation) {
        state.lakeFormation = {
          ...state.lakeFormation,
          [result.environment.name]: lakeFormation,
        };
      }
      state.crossAccount = {
        policies: { ...state.crossAccount?.policies, ...policies },
        catalogs: { ...state.crossAccount?.catalogs, ...catalogs },
      };
    }
    // Quota preflight, per account and Region, before anything is written.
    const inProducts = (item: { dataProduct: string }) =>
      !products || products.includes(normalizeProductRef(item.dataProduct));
    const scopedDesired = {
      roles: desired.roles.filter(inProducts),
      glueDatabases: desired.glueDatabases.filter(inProducts),
      workgroups: desired.workgroups.filter(inProducts),
    };
    const read = settled.flatMap(s =>
      'value' in s && s.value && 'usage' in s.value ? [s.value] : [],
    );
    // IAM's quotas hold per account, Athena's and Glue's per account and Region.
    const check = (
      keyOf: (e: MeshportEnvironment) => string,
      services: 'iam' | 'regional',
    ) => {
      const groups = new Map<string, typeof read>();
      for (const result of read) {
        const key = keyOf(result.environment);
        groups.set(key, [...(groups.get(key) ?? []), result]);
      }
      for (const group of groups.values()) {
        const [{ environment, usage }] = group;
        const problems = checkAccountQuotas(
          {
            accountId: environment.accountId,
            region: environment.region,
            environments: group.map(r => r.environment.name),
            iam: usage!.summary,
            workgroups: usage!.workgroups,
            glueDatabases: usage!.glueDatabases,
          },
          scopedDesired,
          state,
          services,
        );
        if (problems.length) {
          state.problems!.push(...problems);
          for (const { environment: refused } of group) {
            if (!state.refusedEnvironments!.includes(refused.name)) {
              state.refusedEnvironments!.push(refused.name);
            }
          }
        }
      }
    };
    check(e => e.accountId, 'iam');
    check(e => `${e.accountId}/${e.region}`, 'regional');
  } finally {
    cache.destroy();
  }
  return state;
}
