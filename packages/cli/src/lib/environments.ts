import fs from 'node:fs/promises';
import {
  MeshportEnvironment,
  parseEnvironments,
  ValidationProblem,
} from '@meshport/plugin-data-products-common';
import { parse } from 'yaml';
import { UsageError } from './output';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Backstage's merge of config files: objects merge key by key, anything else is replaced. */
function mergeConfig(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) {
    return override;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = key in base ? mergeConfig(base[key], value) : value;
  }
  return merged;
}

export interface EnvironmentsFromConfig {
  /** Undefined when no file configures `meshport.environments`. */
  environments?: MeshportEnvironment[];
  /** The file whose `meshport.environments` won the merge, for messages. */
  source?: string;
  problems: ValidationProblem[];
}

/**
 * Reads `meshport.environments` from app-config files, later files overriding earlier ones as in
 * Backstage. Throws a UsageError when a file is missing or is not YAML.
 */
export async function readEnvironmentsFromConfigFiles(
  files: string[],
): Promise<EnvironmentsFromConfig> {
  let config: unknown = {};
  let source: string | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      throw new UsageError(`cannot read config file: ${file}`);
    }
    let content: unknown;
    try {
      content = parse(text);
    } catch (error) {
      throw new UsageError(
        `config file ${file} is not valid YAML: ${
          (error as Error).message.split('\n')[0]
        }`,
      );
    }
    if (isObject(content) && isObject(content.meshport)) {
      if ('environments' in content.meshport) {
        source = file;
      }
    }
    config = mergeConfig(config, content ?? {});
  }

  const raw =
    isObject(config) && isObject(config.meshport)
      ? config.meshport.environments
      : undefined;
  if (raw === undefined) {
    return { problems: [] };
  }
  return { ...parseEnvironments(raw), source };
}
