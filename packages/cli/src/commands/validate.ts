import { Command } from 'commander';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { readCatalog } from '../lib/catalog';
import { readEnvironmentsFromConfigFiles } from '../lib/environments';
import { CommandOutput, EXIT_OK, EXIT_PROBLEMS, plural } from '../lib/output';
import type { CommandContext } from './types';

export interface ValidateOptions {
  /** app-config files to read `meshport.environments` from, later ones overriding earlier. */
  config?: string[];
}

/**
 * Validates every DataProduct and Dataset in the given files and folders, printing one line per
 * problem: `<file>: <Kind>/<name>: <field path>: <message>`. Returns the exit code: 0 when all
 * is valid, 1 when there are problems. Throws a UsageError for paths that do not exist.
 */
export async function validate(
  paths: string[],
  options: ValidateOptions,
  output: CommandOutput,
): Promise<number> {
  let problemCount = 0;
  const report = (line: string) => {
    problemCount++;
    output.out(line);
  };

  let environments: MeshportEnvironment[] | undefined;
  if (options.config?.length) {
    const fromConfig = await readEnvironmentsFromConfigFiles(options.config);
    for (const problem of fromConfig.problems) {
      report(`${fromConfig.source}: ${problem.path}: ${problem.message}`);
    }
    // With a broken configuration every bucket would look unknown; check the rest without it.
    environments =
      fromConfig.problems.length === 0 ? fromConfig.environments : undefined;
  }

  const catalog = await readCatalog(
    paths.length > 0 ? paths : ['.'],
    environments,
  );
  catalog.problems.forEach(report);
  const entityCount = catalog.entities.length;

  output.err(
    `${plural(entityCount, 'entity', 'entities')} checked, ${plural(
      problemCount,
      'problem',
      'problems',
    )}`,
  );
  return problemCount > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

export function registerValidateCommand(
  program: Command,
  context: CommandContext,
) {
  program
    .command('validate')
    .description(
      'Check DataProduct and Dataset specs in YAML files (folders are searched for *.yaml and *.yml)',
    )
    .argument(
      '[paths...]',
      'files or folders to check (default: the current folder)',
    )
    .option(
      '--config <path>',
      'app-config file with meshport.environments; repeat to merge several, later ones win',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (paths: string[], options: ValidateOptions) => {
      context.setExitCode(await validate(paths, options, context.output));
    });
}
