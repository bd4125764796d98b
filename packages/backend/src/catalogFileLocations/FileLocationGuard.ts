/*
 * The catalog processor that stands before Backstage's FileReaderProcessor (priority 10 < 20):
 * a `file` location is read only when the operator configured its folder (`catalog.locations`,
 * `meshport.catalog.fileLocationRoots`), or when it is a catalog-info.yaml, whose DataProduct and
 * Dataset documents alone may reach the catalog. Anything else is refused unread, with a
 * processing error naming the path and the rule. Paths are judged after resolving symlinks and
 * `..`, and the bytes read are those of the resolved file.
 */
import type { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import {
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type CatalogProcessorParser,
  type CatalogProcessorResult,
  type LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  CATALOG_INFO_KINDS,
  configuredFolder,
  decideFileLocation,
  isGlobPattern,
  isInside,
} from './fileLocationRule';

export interface FileLocationGuardOptions {
  /** The targets of the operator's `file` locations (`catalog.locations`), as configured. */
  configuredTargets: string[];
  /** Further folders whose files may be registered (`meshport.catalog.fileLocationRoots`). */
  roots: string[];
}

/** Reads the guard's options from the portal's configuration. */
export function readFileLocationGuardOptions(
  config: Config,
): FileLocationGuardOptions {
  const locations = config.getOptionalConfigArray('catalog.locations') ?? [];
  return {
    configuredTargets: locations
      .filter(location => location.getString('type') === 'file')
      .map(location => location.getString('target')),
    roots:
      config.getOptionalStringArray('meshport.catalog.fileLocationRoots') ?? [],
  };
}

async function realpathOrResolved(folder: string): Promise<string> {
  try {
    return await fs.realpath(folder);
  } catch {
    return path.resolve(folder);
  }
}

export class FileLocationGuard implements CatalogProcessor {
  private readonly configuredTargets: Set<string>;

  constructor(private readonly options: FileLocationGuardOptions) {
    // Backstage resolves configured file targets against the working directory, as here.
    this.configuredTargets = new Set(
      options.configuredTargets.map(target => path.resolve(target)),
    );
  }

  getProcessorName(): string {
    return 'MeshportFileLocationGuard';
  }

  getPriority(): number {
    return 10;
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== 'file') {
      return false;
    }
    const target = path.resolve(location.target);
    if (this.configuredTargets.has(target)) {
      return false;
    }
    const refuse = (reason: string) => {
      emit(
        processingResult.inputError(
          location,
          `The catalog does not read the file location ${location.target}: ${reason}.`,
        ),
      );
      return true;
    };
    const operatorFolders = await Promise.all(
      [
        ...this.options.configuredTargets.map(configuredFolder),
        ...this.options.roots,
      ].map(realpathOrResolved),
    );
    if (isGlobPattern(target)) {
      // A pattern (say in a Location of the operator's) is left to Backstage inside the
      // operator's folders, and refused elsewhere.
      const folder = await realpathOrResolved(configuredFolder(target));
      return operatorFolders.some(root => isInside(folder, root))
        ? false
        : refuse(
            `${target} is a pattern outside the folders of the portal's catalog.locations and meshport.catalog.fileLocationRoots`,
          );
    }
    let realTarget: string;
    try {
      realTarget = await fs.realpath(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        return refuse(`${target} cannot be resolved (${error})`);
      }
      // Judged by its name, so that the answer does not tell whether a file exists elsewhere.
      const missing = decideFileLocation(target, operatorFolders);
      if (missing.verdict === 'operator') {
        return false;
      }
      if (missing.verdict === 'refused') {
        return refuse(missing.reason);
      }
      if (!optional) {
        emit(
          processingResult.notFoundError(
            location,
            `file ${location.target} does not exist`,
          ),
        );
      }
      return true;
    }
    const decision = decideFileLocation(realTarget, operatorFolders);
    if (decision.verdict === 'operator') {
      return false;
    }
    if (decision.verdict === 'refused') {
      return refuse(decision.reason);
    }
    await this.readCatalogInfo(location, target, realTarget, emit, parser);
    return true;
  }

  /**
   * Reads the resolved file (so a symlink swapped after the check is not followed), under the
   * name it was registered with, emitting its DataProduct and Dataset documents only.
   */
  private async readCatalogInfo(
    location: LocationSpec,
    target: string,
    realTarget: string,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<void> {
    let data: Buffer;
    try {
      data = await fs.readFile(realTarget);
    } catch (error) {
      emit(
        processingResult.generalError(
          location,
          `The file location ${target} could not be read: ${stringifyError(
            error,
          )}`,
        ),
      );
      return;
    }
    const fileLocation = { type: 'file', target };
    for await (const result of parser({ data, location: fileLocation })) {
      emit(this.onlyMeshportKinds(result, target));
      emit(processingResult.refresh(`file:${target}`));
    }
  }

  private onlyMeshportKinds(
    result: CatalogProcessorResult,
    target: string,
  ): CatalogProcessorResult {
    if (
      result.type !== 'entity' ||
      CATALOG_INFO_KINDS.includes(result.entity.kind)
    ) {
      return result;
    }
    return processingResult.inputError(
      result.location,
      `${target} holds a ${result.entity.kind} (${
        result.entity.metadata?.name ?? 'unnamed'
      }): a registered ${path.basename(
        target,
      )} may hold only ${CATALOG_INFO_KINDS.join(
        ' and ',
      )} documents; other kinds come from the portal's catalog.locations.`,
    );
  }
}
