import { Command } from 'commander';
import {
  AwsProvisioner,
  countingClients,
  emptyCallCounts,
} from '@meshport/plugin-data-products-backend-module-aws';
import { CommandOutput, EXIT_OK, EXIT_PROBLEMS } from '../lib/output';
import { proxiedAwsClients } from '../lib/awsProxy';
import { formatPlanProblem, preparePlan } from './plan';
import type { CommandContext } from './types';

export interface ReconcileOptions {
  /** File or folder with the DataProduct and Dataset specs. */
  catalog: string;
  /** JSON or YAML grants file. */
  grants?: string;
  /** app-config files, later ones overriding earlier; default `./app-config.yaml` if present. */
  config?: string[];
  /** Only this environment. */
  environment?: string;
  /** Change AWS; without it, read AWS and print the difference. */
  apply?: boolean;
  /** Check every detail (policy tags, Glue tags, workgroup settings), not only what listings show. */
  deep?: boolean;
  /** Reconcile the valid entities and leave out invalid ones instead of stopping. */
  skipInvalid?: boolean;
  /** The instant grants expire against; default now. */
  now?: Date;
}

const plural = (count: number, word: string) => `${count} ${word}(s)`;

/**
 * The portal's reconcile from the command line: plans the catalog, reads
 * AWS (each environment with its own credentials, after the account check),
 * prints the operations that would turn AWS into the plan and, with
 * `--apply`, applies them. Ends with one line
 * `reconcile: N write call(s), M read call(s), P problem(s)`. Returns 1 on
 * any problem (an error of the plan, a refused environment, a failed
 * operation), else 0.
 */
export async function reconcile(
  options: ReconcileOptions,
  output: CommandOutput,
): Promise<number> {
  const prepared = await preparePlan(options, output);
  if (typeof prepared === 'number') return prepared;
  const { input, awsConfig, environments } = prepared;
  const counts = emptyCallCounts();
  const provisioner = new AwsProvisioner({
    config: awsConfig,
    environments,
    clients: countingClients(counts, proxiedAwsClients()),
  });
  const scope = options.environment
    ? { environments: [options.environment] }
    : undefined;
  const inScope = (environment?: string) =>
    !scope || environment === undefined || environment === options.environment;

  let problems = 0;
  const report = (line: string) => output.err(line);
  const finish = () => {
    output.out(
      `reconcile: ${plural(counts.writes, 'write call')}, ${plural(
        counts.reads,
        'read call',
      )}, ${plural(problems, 'problem')}`,
    );
    return problems > 0 ? EXIT_PROBLEMS : EXIT_OK;
  };

  const plan = await provisioner.plan(input);
  for (const problem of plan.desired.problems) {
    if (!inScope(problem.environment)) continue;
    report(formatPlanProblem(problem));
    if (problem.severity === 'error') problems++;
  }

  let actual;
  try {
    actual = await provisioner.readActualState(plan, {
      scope,
      deep: !!options.deep,
    });
  } catch (error) {
    report(`error: ${(error as Error).message}`);
    problems++;
    return finish();
  }
  for (const problem of actual.problems ?? []) {
    report(formatPlanProblem(problem));
    if (problem.severity === 'error') problems++;
  }

  const operations = provisioner
    .diff(plan, actual)
    .filter(operation => inScope(operation.environment));
  if (!options.apply) {
    for (const operation of operations) {
      output.out(`planned: ${operation.description}`);
    }
    return finish();
  }
  const byId = new Map(operations.map(o => [o.id, o]));
  await provisioner.apply(operations, {
    onResult: result => {
      const operation = byId.get(result.operationId);
      output.out(
        `${result.status}: ${operation?.description ?? result.operationId}${
          result.error ? ` (${result.error})` : ''
        }`,
      );
      if (result.status !== 'succeeded') problems++;
    },
  });
  return finish();
}

export function registerReconcileCommand(
  program: Command,
  context: CommandContext,
) {
  program
    .command('reconcile')
    .description(
      'Read AWS and print what differs from the plan of the data products (like terraform plan); with --apply, change AWS',
    )
    .requiredOption(
      '--catalog <path>',
      'file or folder with the DataProduct and Dataset specs (*.yaml, *.yml)',
    )
    .option(
      '--grants <file>',
      'JSON or YAML file of grants ({ grants: [{ consumer, dataset, environments }] })',
    )
    .option('--environment <name>', 'only this environment')
    .option(
      '--config <path>',
      'app-config file with meshport.environments (and their aws credentials) and meshport.aws; repeat to merge several, later ones win (default: ./app-config.yaml if present)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--apply', 'change AWS (without it, nothing is written)')
    .option(
      '--deep',
      'check every detail (policy tags, Glue tags, workgroup settings), not only what bulk listings show',
    )
    .option(
      '--skip-invalid',
      'reconcile the valid entities and leave out the invalid ones (their problems are still printed)',
    )
    .action(async (options: ReconcileOptions) => {
      context.setExitCode(await reconcile(options, context.output));
    });
}
