/*
 * Reads the `meshport-local-git` locations of LocalGitLocationsProvider: the
 * checkout's catalog-info.yaml, emitting its DataProduct and Dataset
 * documents only. Any other document (a Group, User, Template, Location...)
 * becomes a processing error naming the document and its kind, so a commit
 * pushed by hand cannot plant one either.
 */
import {
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  isDataProductEntity,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeKindProblem, parseCatalogInfo } from '../lib/entities';
import { REPO_NAME_PATTERN } from '../lib/git';
import { LOCAL_GIT_LOCATION_TYPE } from './LocalGitLocationsProvider';

const FILE_NAME = 'catalog-info.yaml';

export class LocalGitCatalogReader implements CatalogProcessor {
  constructor(private readonly options: { directory: string }) {}

  getProcessorName(): string {
    return 'MeshportLocalGitCatalogReader';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
  ): Promise<boolean> {
    if (location.type !== LOCAL_GIT_LOCATION_TYPE) {
      return false;
    }
    const repoName = location.target;
    if (!REPO_NAME_PATTERN.test(repoName)) {
      emit(
        processingResult.inputError(
          location,
          `${JSON.stringify(repoName)} is not the name of a local repository`,
        ),
      );
      return true;
    }
    const file = path.join(
      this.options.directory,
      'checkouts',
      repoName,
      FILE_NAME,
    );
    let content: string;
    try {
      content = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (!optional) {
          emit(
            processingResult.notFoundError(
              location,
              `The local repository ${repoName} has no ${FILE_NAME}`,
            ),
          );
        }
        return true;
      }
      throw error;
    }
    const fileName = `${repoName}/${FILE_NAME}`;
    const { entities, problems } = parseCatalogInfo(content, fileName);
    for (const problem of problems) {
      emit(processingResult.inputError(location, problem));
    }
    entities.forEach((entity, index) => {
      if (isDataProductEntity(entity) || isDatasetEntity(entity)) {
        emit(processingResult.entity(location, entity));
        return;
      }
      emit(
        processingResult.inputError(
          location,
          `${fileName} document ${index + 1} (${entity.kind ?? '<no kind>'}/${
            entity.metadata?.name ?? '<unnamed>'
          }): ${describeKindProblem(entity)}`,
        ),
      );
    });
    return true;
  }
}
