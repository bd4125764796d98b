import type { Config } from '@backstage/config';
import path from 'node:path';

export interface ScaffolderDataProductsConfig {
  /** Absolute folder of the local git target. */
  localGitDirectory: string;
  /** How long actions wait for the catalog and for provisioning runs. */
  waitTimeoutMs: number;
}

/** Reads `meshport.scaffolder`; invalid values stop the backend with the key named. */
export function readScaffolderDataProductsConfig(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): ScaffolderDataProductsConfig {
  const configured = config.getOptionalString(
    'meshport.scaffolder.localGit.directory',
  );
  const directory =
    configured ??
    (env.MESHPORT_DATA_DIR
      ? path.join(env.MESHPORT_DATA_DIR, 'git')
      : path.join('.data', 'git'));
  const seconds =
    config.getOptionalNumber(
      'meshport.scaffolder.bootstrap.waitTimeoutSeconds',
    ) ?? 120;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(
      `meshport.scaffolder.bootstrap.waitTimeoutSeconds: must be a number of seconds greater than 0 (got ${seconds})`,
    );
  }
  return {
    localGitDirectory: path.resolve(directory),
    waitTimeoutMs: seconds * 1000,
  };
}
