/*
 * Puts the portal's checkouts of local git repositories into the catalog:
 * one Location of type `meshport-local-git` per
 * `<directory>/checkouts/<name>/catalog-info.yaml`, read by
 * LocalGitCatalogReader, which emits only DataProduct and Dataset documents.
 *
 * Why a provider and not `addLocation`: the catalog's API accepts only `url`
 * locations by default, and allowing `file` there would let any user make
 * the catalog read any file on the host. The provider only ever points at
 * our own checkouts.
 *
 * Why a location type of our own and not `file`: catalog rules only ever
 * allow, and a provider's locations cannot carry rules of their own (rules
 * come from config), so the portal's `catalog.rules` (which allow Group,
 * User, Template and Location from its config files) would apply to a
 * product repository too. Our reader refuses every other kind, and a portal
 * can scope its rules by type (`locations: [{ type: file }]`) to be sure.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  LocationEntityV1alpha1,
} from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { REPO_NAME_PATTERN } from '../lib/git';

/** The location type of a local repository's catalog-info.yaml; the target is the repository name. */
export const LOCAL_GIT_LOCATION_TYPE = 'meshport-local-git';

export const LOCAL_GIT_REPOSITORY_ANNOTATION =
  'meshport.io/local-git-repository';

/** The name of the Location entity of a local repository. */
export function localGitLocationName(repoName: string): string {
  return `local-git-${repoName}`;
}

/** The Location entity for a checkout's catalog-info.yaml. Pure. */
export function localGitLocationEntity(
  repoName: string,
): LocationEntityV1alpha1 {
  const ref = `${LOCAL_GIT_LOCATION_TYPE}:${repoName}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: {
      name: localGitLocationName(repoName),
      description: `catalog-info.yaml of the local git repository ${repoName}`,
      annotations: {
        [ANNOTATION_LOCATION]: ref,
        [ANNOTATION_ORIGIN_LOCATION]: ref,
        [LOCAL_GIT_REPOSITORY_ANNOTATION]: repoName,
      },
    },
    spec: { type: LOCAL_GIT_LOCATION_TYPE, target: repoName },
  };
}

export class LocalGitLocationsProvider implements EntityProvider {
  #connection?: EntityProviderConnection;

  constructor(
    private readonly options: { directory: string; logger: LoggerService },
  ) {}

  getProviderName(): string {
    return 'meshport-local-git';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.refresh();
  }

  /** Re-reads the checkouts folder and replaces the provider's Locations. */
  async refresh(): Promise<void> {
    if (!this.#connection) {
      return;
    }
    const checkouts = path.join(this.options.directory, 'checkouts');
    const names = await fs
      .readdir(checkouts, { withFileTypes: true })
      .then(entries =>
        entries
          .filter(entry => entry.isDirectory())
          .map(entry => entry.name)
          .filter(name => REPO_NAME_PATTERN.test(name))
          .sort(),
      )
      .catch(error => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return [] as string[];
        }
        throw error;
      });
    const entities = [];
    for (const name of names) {
      const file = path.join(checkouts, name, 'catalog-info.yaml');
      try {
        await fs.access(file);
      } catch {
        continue;
      }
      entities.push({
        entity: localGitLocationEntity(name),
        locationKey: `meshport-local-git:${name}`,
      });
    }
    await this.#connection.applyMutation({ type: 'full', entities });
    this.options.logger.info(
      `Local git repositories in the catalog: ${entities.length}`,
    );
  }
}
