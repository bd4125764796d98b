/*
 * Which `file` locations the catalog may read: the pure decision of FileLocationGuard, on paths
 * already resolved (symlinks and `..` gone) by the caller.
 */
import path from 'node:path';

/** The names a user-registered file location may have (what `meshport apply` registers). */
export const CATALOG_INFO_NAMES = ['catalog-info.yaml', 'catalog-info.yml'];

/** The kinds a user-registered catalog-info file may hold. */
export const CATALOG_INFO_KINDS = ['DataProduct', 'Dataset'];

export type FileLocationDecision =
  /** Inside a folder the operator configured: read as Backstage does. */
  | { verdict: 'operator' }
  /** A catalog-info file registered by someone: read, DataProduct and Dataset documents only. */
  | { verdict: 'catalog-info' }
  | { verdict: 'refused'; reason: string };

/** True when `target` is a glob pattern rather than one file. */
export function isGlobPattern(target: string): boolean {
  return /[*?[\]{}]/.test(target);
}

/**
 * The folder a configured file location may read in: the location's folder, or for a pattern
 * (`templates/*\/template.yaml`) the folder before its first wildcard.
 */
export function configuredFolder(target: string): string {
  const absolute = path.resolve(target);
  if (!isGlobPattern(absolute)) {
    return path.dirname(absolute);
  }
  const segments = absolute.split(path.sep);
  const firstPattern = segments.findIndex(segment => isGlobPattern(segment));
  return segments.slice(0, firstPattern).join(path.sep) || path.sep;
}

/** True when `file` is `folder` itself or anywhere below it. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) &&
      relative !== '..' &&
      !path.isAbsolute(relative))
  );
}

/**
 * Decides on a file location. `realTarget` is the target with every symlink and `..` resolved;
 * `operatorFolders` are the resolved folders of `catalog.locations` and
 * `meshport.catalog.fileLocationRoots`.
 */
export function decideFileLocation(
  realTarget: string,
  operatorFolders: string[],
): FileLocationDecision {
  if (operatorFolders.some(folder => isInside(realTarget, folder))) {
    return { verdict: 'operator' };
  }
  if (CATALOG_INFO_NAMES.includes(path.basename(realTarget))) {
    return { verdict: 'catalog-info' };
  }
  return {
    verdict: 'refused',
    reason: `${realTarget} is neither a file named ${CATALOG_INFO_NAMES.join(
      ' or ',
    )} nor inside a folder of the portal's catalog.locations or meshport.catalog.fileLocationRoots`,
  };
}
