import fs from 'node:fs/promises';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { readEnvironmentsFromConfigFiles } from './environments';

const DEFAULT_CONFIG = 'app-config.yaml';

export interface OptionalEnvironments {
  environments?: MeshportEnvironment[];
  /** One line per configuration problem: `<file>: <path>: <message>`. */
  problems: string[];
}

/**
 * `meshport.environments` from the given app-config files, or from `./app-config.yaml` when none
 * is given and it exists; none at all is fine for commands that work without them.
 */
export async function readOptionalEnvironments(
  configFiles: string[] | undefined,
): Promise<OptionalEnvironments> {
  let files = configFiles ?? [];
  if (files.length === 0) {
    const present = await fs.stat(DEFAULT_CONFIG).then(
      () => true,
      () => false,
    );
    files = present ? [DEFAULT_CONFIG] : [];
  }
  if (files.length === 0) {
    return { problems: [] };
  }
  const fromConfig = await readEnvironmentsFromConfigFiles(files);
  return {
    environments: fromConfig.environments,
    problems: fromConfig.problems.map(
      problem => `${fromConfig.source}: ${problem.path}: ${problem.message}`,
    ),
  };
}
