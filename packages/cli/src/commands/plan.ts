import fs from 'node:fs/promises';
import { ConfigReader } from '@backstage/config';
import { Command, Option } from 'commander';
import { parse } from 'yaml';
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import {
  AwsDesiredState,
  AwsProvisionerConfig,
  AwsPlanProblem,
  parseGrantsFile,
  planAwsDesiredState,
  readAwsProvisionerConfig,
  renderTerraform,
} from '@meshport/plugin-data-products-backend-module-aws';
import { readCatalog } from '../lib/catalog';
import { environmentsOf, readConfigFiles } from '../lib/environments';
import {
  CommandOutput,
  EXIT_OK,
  EXIT_PROBLEMS,
  plural,
  UsageError,
} from '../lib/output';
import type { CommandContext } from './types';

export const PLAN_FORMATS = ['json', 'terraform'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface PlanOptions {
  /** File or folder with the DataProduct and Dataset specs. */
  catalog: string;
  /** JSON or YAML grants file (the AWS module's format). */
  grants?: string;
  /** Only this environment's part of the plan. */
  environment?: string;
  /** app-config files, later ones overriding earlier; default `./app-config.yaml` if present. */
  config?: string[];
  /** `json` (the desired state, default) or `terraform` (a `*.tf.json` document). */
  format?: PlanFormat;
  /** Write the document to this file instead of stdout. */
  output?: string;
  /** Plan the valid entities and leave out invalid ones instead of stopping. */
  skipInvalid?: boolean;
  /** The instant grants expire against; default now. */
  now?: Date;
}

const DEFAULT_CONFIG = 'app-config.yaml';

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

async function readGrants(file: string) {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read grants file: ${file}`);
  }
  // YAML is a superset of JSON: one parser reads both.
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    return {
      problem: `${file}: not valid JSON or YAML: ${
        (error as Error).message.split('\n')[0]
      }`,
    };
  }
  try {
    return { grants: parseGrantsFile(data ?? {}) };
  } catch (error) {
    return { problem: `${file}: ${(error as Error).message}` };
  }
}

/** The part of the plan that concerns one environment (plus problems of no environment). */
export function forEnvironment(
  state: AwsDesiredState,
  environment: string,
): AwsDesiredState {
  const inEnvironment = (item: { environment?: string }) =>
    item.environment === environment;
  return {
    environments: state.environments.filter(e => e.name === environment),
    roles: state.roles.filter(inEnvironment),
    buckets: state.buckets.filter(inEnvironment),
    glueDatabases: state.glueDatabases.filter(inEnvironment),
    workgroups: state.workgroups.filter(inEnvironment),
    ...(state.lakeFormation
      ? { lakeFormation: state.lakeFormation.filter(inEnvironment) }
      : {}),
    // Another account's policies admitting this environment are part of its plan.
    ...(state.resourcePolicies
      ? {
          resourcePolicies: state.resourcePolicies.filter(
            p => inEnvironment(p) || p.readers.includes(environment),
          ),
        }
      : {}),
    ...(state.dataCatalogs
      ? { dataCatalogs: state.dataCatalogs.filter(inEnvironment) }
      : {}),
    problems: state.problems.filter(
      p => p.environment === undefined || p.environment === environment,
    ),
  };
}

/** `error: meshport-churn-prd-consumer: Role ... needs ...` */
export function formatPlanProblem(problem: AwsPlanProblem): string {
  const subject =
    problem.role ??
    problem.dataProduct ??
    (problem.environment ? `environment ${problem.environment}` : 'plan');
  return `${problem.severity}: ${subject}: ${problem.message}`;
}

/** What `plan` and `reconcile` read before planning. */
export interface PreparedPlan {
  input: Parameters<typeof planAwsDesiredState>[0];
  awsConfig: AwsProvisionerConfig;
  environments: MeshportEnvironment[];
}

/**
 * Reads the app-config (environments, `meshport.aws`), the catalog and the
 * grants. Returns an exit code when the input has problems (printed), or
 * throws a UsageError for missing files, an unknown environment, or no
 * environments at all.
 */
export async function preparePlan(
  options: Pick<
    PlanOptions,
    'catalog' | 'grants' | 'environment' | 'config' | 'skipInvalid'
  >,
  output: CommandOutput,
): Promise<PreparedPlan | number> {
  let configFiles = options.config ?? [];
  if (configFiles.length === 0 && (await exists(DEFAULT_CONFIG))) {
    configFiles = [DEFAULT_CONFIG];
  }
  if (configFiles.length === 0) {
    throw new UsageError(
      `no app-config: pass --config <file> with meshport.environments (or run where ${DEFAULT_CONFIG} is)`,
    );
  }
  const config = await readConfigFiles(configFiles);
  const fromConfig = environmentsOf(config);
  if (fromConfig.problems.length > 0) {
    for (const problem of fromConfig.problems) {
      output.err(`${fromConfig.source}: ${problem.path}: ${problem.message}`);
    }
    return EXIT_PROBLEMS;
  }
  const environments = fromConfig.environments ?? [];
  if (environments.length === 0) {
    throw new UsageError(
      `no environments: ${configFiles.join(
        ', ',
      )} configure no meshport.environments`,
    );
  }
  const names = environments.map(e => e.name);
  if (options.environment && !names.includes(options.environment)) {
    throw new UsageError(
      `unknown environment '${options.environment}' (configured: ${names.join(
        ', ',
      )})`,
    );
  }

  let awsConfig;
  try {
    awsConfig = readAwsProvisionerConfig(
      new ConfigReader(
        config.data as ConstructorParameters<typeof ConfigReader>[0],
        configFiles.join(', '),
      ),
    );
  } catch (error) {
    output.err(`${configFiles.join(', ')}: ${(error as Error).message}`);
    return EXIT_PROBLEMS;
  }

  const catalog = await readCatalog([options.catalog], environments);
  const invalid = catalog.entities.filter(e => e.problems.length > 0);
  catalog.problems.forEach(line => output.err(line));
  if (catalog.problems.length > 0 && !options.skipInvalid) {
    output.err(
      `${plural(
        catalog.problems.length,
        'problem',
        'problems',
      )} in the catalog: nothing planned (--skip-invalid plans the valid entities)`,
    );
    return EXIT_PROBLEMS;
  }
  if (invalid.length > 0) {
    output.err(
      `skipping ${plural(
        invalid.length,
        'invalid entity',
        'invalid entities',
      )}`,
    );
  }
  const valid = catalog.entities.filter(e => e.problems.length === 0);
  const ofKind = (kind: string) =>
    valid.filter(e => e.kind.toLowerCase() === kind).map(e => e.entity);

  let grants: ReturnType<typeof parseGrantsFile> = [];
  if (options.grants) {
    const read = await readGrants(options.grants);
    if (read.problem !== undefined) {
      output.err(read.problem);
      return EXIT_PROBLEMS;
    }
    grants = read.grants;
  }

  return {
    input: {
      products: ofKind('dataproduct') as DataProductEntity[],
      datasets: ofKind('dataset') as DatasetEntity[],
      grants,
      environments,
    },
    awsConfig,
    environments,
  };
}

/**
 * Plans the AWS resources of the catalog: reads the specs, the grants and the environments and
 * `meshport.aws` of the app-config, prints the desired state (or its Terraform) and the plan's
 * problems. Returns the exit code: 0 planned, 1 invalid input or an error in the plan. Throws a
 * UsageError for missing files, an unknown environment or format, or no environments at all.
 */
export async function plan(
  options: PlanOptions,
  output: CommandOutput,
): Promise<number> {
  const format = options.format ?? 'json';
  if (!PLAN_FORMATS.includes(format)) {
    throw new UsageError(
      `unknown format '${format}' (use ${PLAN_FORMATS.join(' or ')})`,
    );
  }
  const prepared = await preparePlan(options, output);
  if (typeof prepared === 'number') return prepared;
  let state = planAwsDesiredState(prepared.input, prepared.awsConfig, {
    now: options.now,
  });
  if (options.environment) {
    state = forEnvironment(state, options.environment);
  }

  const document = format === 'terraform' ? renderTerraform(state) : state;
  const text = JSON.stringify(document, null, 2);
  if (options.output) {
    try {
      await fs.writeFile(options.output, `${text}\n`);
    } catch (error) {
      throw new UsageError(
        `cannot write ${options.output}: ${(error as Error).message}`,
      );
    }
  } else {
    output.out(text);
  }

  state.problems.forEach(problem => output.err(formatPlanProblem(problem)));
  const errors = state.problems.filter(p => p.severity === 'error').length;
  const managed = state.roles.reduce(
    (sum, role) => sum + role.managedPolicies.length,
    0,
  );
  const lfPermissions = (state.lakeFormation ?? []).reduce(
    (sum, lf) => sum + lf.permissions.length,
    0,
  );
  output.err(
    `${plural(state.roles.length, 'role', 'roles')} (${plural(
      managed,
      'managed policy',
      'managed policies',
    )}${
      state.lakeFormation
        ? `, ${plural(
            lfPermissions,
            'Lake Formation permission',
            'Lake Formation permissions',
          )}`
        : ''
    }${
      state.resourcePolicies
        ? `, ${plural(
            state.resourcePolicies.length,
            'cross-account resource policy',
            'cross-account resource policies',
          )}`
        : ''
    }) in ${plural(
      state.environments.length,
      'environment',
      'environments',
    )}, ${plural(errors, 'error', 'errors')}, ${plural(
      state.problems.length - errors,
      'warning',
      'warnings',
    )}${options.output ? `; written to ${options.output}` : ''}`,
  );
  return errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

export function registerPlanCommand(program: Command, context: CommandContext) {
  program
    .command('plan')
    .description(
      'Plan the AWS roles, policies, Glue databases and Athena workgroups of the data products',
    )
    .requiredOption(
      '--catalog <path>',
      'file or folder with the DataProduct and Dataset specs (*.yaml, *.yml)',
    )
    .option(
      '--grants <file>',
      'JSON or YAML file of grants ({ grants: [{ consumer, dataset, environments }] })',
    )
    .option('--environment <name>', 'only the plan of this environment')
    .option(
      '--config <path>',
      `app-config file with meshport.environments and meshport.aws; repeat to merge several, later ones win (default: ./${DEFAULT_CONFIG} if present)`,
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addOption(
      new Option('--format <format>', 'what to print')
        .choices([...PLAN_FORMATS])
        .default('json'),
    )
    .option('--output <file>', 'write the document to this file')
    .option(
      '--skip-invalid',
      'plan the valid entities and leave out the invalid ones (their problems are still printed)',
    )
    .action(async (options: PlanOptions) => {
      context.setExitCode(await plan(options, context.output));
    });
}
