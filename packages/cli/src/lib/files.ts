import fs from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './output';

const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

function isSkippedFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

async function statOrUndefined(target: string) {
  try {
    return await fs.stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

async function walk(folder: string, found: string[]): Promise<void> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedFolder(entry.name)) {
        await walk(entryPath, found);
      }
    } else if (
      entry.isFile() &&
      YAML_EXTENSIONS.has(path.extname(entry.name).toLowerCase())
    ) {
      found.push(entryPath);
    }
  }
}

/**
 * The YAML files named by the given paths: files as given (whatever their extension), folders
 * walked for `*.yaml` and `*.yml`, skipping `node_modules` and dot-folders. Paths keep the form
 * they were given in, so messages point where the user looked. Throws a UsageError for a path
 * that does not exist.
 */
export async function findYamlFiles(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const given of paths) {
    const stat = await statOrUndefined(given);
    if (!stat) {
      throw new UsageError(`no such file or directory: ${given}`);
    }
    if (stat.isDirectory()) {
      await walk(given, found);
    } else {
      found.push(given);
    }
  }
  return [...new Set(found)];
}
