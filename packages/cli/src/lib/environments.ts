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

export interface MergedConfig {
  /** All files merged, later ones overriding earlier ones. */
  data: Record<string, unknown>;
  /** The file whose `meshport.environments` won the merge, for messages. */
  environmentsSource?: string;
}

/**
 * Reads and merges app-config files, later files overriding earlier ones as in Backstage.
 * Throws a UsageError when a file is missing or is not YAML.
 */
export async function readConfigFiles(files: string[]): Promise<MergedConfig> {
  let config: unknown = {};
  let environmentsSource: string | undefined;
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
        environmentsSource = file;
      }
    }
    config = mergeConfig(config, content ?? {});
  }
  return { data: isObject(config) ? config : {}, environmentsSource };
}

/** `meshport.environments` of merged app-config, parsed and checked. */
export function environmentsOf(config: MergedConfig): EnvironmentsFromConfig {
  const { data, environmentsSource: source } = config;
  const raw = isObject(data.meshport) ? data.meshport.environments : undefined;
  if (raw === undefined) {
    return { problems: [] };
  }
  return { ...parseEnvironments(raw), source };
}

/**
 * Reads `meshport.environments` from app-config files, later files overriding earlier ones as in
 * Backstage. Throws a UsageError when a file is missing or is not YAML.
 */
export async function readEnvironmentsFromConfigFiles(
  files: string[],
): Promise<EnvironmentsFromConfig> {
  return environmentsOf(await readConfigFiles(files));
}
