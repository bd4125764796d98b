/*
 * The pure AWS planner: products, datasets, grants and environments in, the
 * desired AWS state out. No I/O, no clock unless none is given, deterministic.
 *
 * Decisions (also in the README):
 * - A product gets three roles, a workspace prefix `products/<product>/` in
 *   the workspace bucket (Athena results under `athena-results/`) and an
 *   Athena workgroup in every environment it lists (default: all).
 * - A product owns the S3 prefixes and Glue databases of its datasets'
 *   outputs. A Glue database used by one product only is created and managed
 *   by Meshport; one shared by several products is not, and each of them may
 *   only write its own tables in it. Overlapping claims of different products
 *   are errors and neither product gets the contested location.
 * - Cross-environment reads: a grant for environment E lets the consumer's
 *   roles in E read the dataset as produced in E and in every environment F
 *   listed in E's `readsFrom`. The same holds for a product's own outputs.
 *   Writes never cross environments.
 * - `private` datasets are read only by their producer; grants on them and
 *   grants whose consumer, dataset or environment does not exist are plan
 *   warnings and are skipped. Retired products and datasets are not planned.
 */
import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import { planCrossAccount } from './crossAccount';
import { DatasetInstance, planLakeFormation } from './lakeFormation';
import type { AwsProvisionerConfig } from '../config';
import {
  AwsBucket,
  AwsDesiredState,
  AwsGlueDatabase,
  AwsPlanProblem,
} from '../model';
import { dropSharedCatalogDuplicates, resolveEnvironment } from './environment';
import { resolveGrants } from './grants';
import { collectDatasets, collectProducts } from './inputs';
import { nameRolesAndWorkgroups, planRoles } from './roles';
import { ProductEnvironmentState, stateKey, withFingerprint } from './shared';

export {
  ATHENA_RESULTS_FOLDER,
  withFingerprint,
  workspacePrefix,
} from './shared';
export { IAM_DEFAULT_TRUST_POLICY_MAX_CHARS } from './roles';
export { trustPolicy } from './trust';

export interface PlanAwsOptions {
  /** Grants with `validUntil` at or before this instant are left out. Default: now. */
  now?: Date;
}

/**
 * Plans the complete desired AWS state. Pure and deterministic. The steps:
 * products and datasets read (./inputs), each environment's locations
 * resolved (./environment), role and workgroup names, grants resolved to
 * dataset instances (./grants), roles planned (./roles, ./roleAccess,
 * ./trust), then Lake Formation and cross-account access.
 */
export function planAwsDesiredState(
  input: ProvisioningInput,
  config: AwsProvisionerConfig,
  options: PlanAwsOptions = {},
): AwsDesiredState {
  const problems: AwsPlanProblem[] = [];
  const now = (options.now ?? new Date()).getTime();
  const environments = input.environments;
  const envByName = new Map(environments.map(e => [e.name, e]));

  const products = collectProducts(input.products, envByName, problems);
  const datasets = collectDatasets(input.datasets, products, problems);

  // Per environment: resolve locations, check ownership conflicts.
  const states = new Map<string, ProductEnvironmentState>();
  const buckets: AwsBucket[] = [];
  const glueDatabases: AwsGlueDatabase[] = [];
  for (const environment of environments) {
    const envProducts = [...products.values()].filter(p =>
      p.environments.includes(environment.name),
    );
    const resolved = resolveEnvironment(
      environment,
      envProducts,
      config,
      problems,
    );
    for (const state of resolved.states) {
      states.set(stateKey(environment.name, state.product.ref), state);
    }
    buckets.push(...resolved.buckets);
    glueDatabases.push(...resolved.glueDatabases);
  }
  dropSharedCatalogDuplicates(glueDatabases, envByName, problems);

  // Names of roles and workgroups; duplicate names are errors.
  const workgroups = nameRolesAndWorkgroups(states.values(), config, problems);

  // Grants, resolved to (consumer state) -> dataset instances it may read.
  const grantedInstances = resolveGrants(
    input.grants,
    products,
    datasets,
    states,
    envByName,
    now,
    problems,
  );

  const roles = planRoles(
    environments,
    states,
    grantedInstances,
    config,
    problems,
  );

  const instances: DatasetInstance[] = [];
  for (const state of states.values()) {
    const ownedDatabases = [...state.ownedDatabases].sort();
    for (const dataset of state.product.datasets) {
      instances.push({
        environment: state.environment,
        dataset: dataset.ref,
        dataProduct: state.product.ref,
        access: dataset.access,
        s3: state.datasetS3.get(dataset.ref) ?? [],
        glue: state.datasetGlue.get(dataset.ref) ?? [],
        ownedDatabases,
      });
    }
  }
  const lakeFormation = planLakeFormation({
    input,
    config,
    instances,
    roles,
    glueDatabases,
    problems,
  });
  const crossAccount = planCrossAccount({
    config,
    environments,
    instances,
    roles,
    problems,
  });

  return {
    environments,
    roles,
    buckets,
    glueDatabases: glueDatabases.map(withFingerprint),
    workgroups: workgroups.map(withFingerprint),
    ...(lakeFormation.length ? { lakeFormation } : {}),
    ...(crossAccount.resourcePolicies.length
      ? { resourcePolicies: crossAccount.resourcePolicies }
      : {}),
    ...(crossAccount.dataCatalogs.length
      ? { dataCatalogs: crossAccount.dataCatalogs }
      : {}),
    problems: dedupeProblems(problems),
  };
}

function dedupeProblems(problems: AwsPlanProblem[]): AwsPlanProblem[] {
  // The same problem found twice (e.g. per role) is shown once.
  const seen = new Set<string>();
  return problems.filter(p => {
    const k = JSON.stringify(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
