import fs from 'node:fs/promises';
import { Command } from 'commander';
import {
  formatProblem,
  MeshportEnvironment,
  validateEntity,
} from '@meshport/plugin-data-products-common';
import { readEnvironmentsFromConfigFiles } from '../lib/environments';
import { findYamlFiles } from '../lib/files';
import { CommandOutput, EXIT_OK, EXIT_PROBLEMS } from '../lib/output';
import { parseYamlDocuments } from '../lib/yamlDocuments';
import type { CommandContext } from './types';

export interface ValidateOptions {
  /** app-config files to read `meshport.environments` from, later ones overriding earlier. */
  config?: string[];
}

const MESHPORT_KINDS = ['dataproduct', 'dataset'];

function isMeshportDocument(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) {
    return false;
  }
  const kind = (document as { kind?: unknown }).kind;
  return (
    typeof kind === 'string' && MESHPORT_KINDS.includes(kind.toLowerCase())
  );
}

function plural(count: number, singular: string, pluralForm: string) {
  return `${count} ${count === 1 ? singular : pluralForm}`;
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

  const files = await findYamlFiles(paths.length > 0 ? paths : ['.']);
  let entityCount = 0;
  for (const file of files) {
    const { documents, errors } = parseYamlDocuments(
      await fs.readFile(file, 'utf8'),
    );
    for (const error of errors) {
      report(`${file}: <unknown>: ${error.position}: ${error.message}`);
    }
    for (const document of documents.filter(isMeshportDocument)) {
      entityCount++;
      for (const problem of validateEntity(document, { environments })) {
        report(`${file}: ${formatProblem(document, problem)}`);
      }
    }
  }

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
