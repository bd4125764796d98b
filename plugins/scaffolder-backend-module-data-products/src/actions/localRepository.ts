import type { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import path from 'node:path';
import type { LocalGitRepositories } from '../lib/git';

/**
 * The local repository an entity was registered from: its
 * `backstage.io/managed-by-location` must be a file in one of our checkouts.
 */
export async function findLocalRepositoryOf(options: {
  entityRef: string;
  catalog: CatalogService;
  auth: AuthService;
  repositories: LocalGitRepositories;
}): Promise<string> {
  const { entityRef, catalog, auth, repositories } = options;
  const entity = await catalog.getEntityByRef(entityRef, {
    credentials: await auth.getOwnServiceCredentials(),
  });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  const checkouts = path.join(repositories.directory, 'checkouts') + path.sep;
  if (location) {
    const { type, target } = parseLocationRef(location);
    const file = path.resolve(target);
    if (type === 'file' && file.startsWith(checkouts)) {
      return file.slice(checkouts.length).split(path.sep)[0];
    }
  }
  throw new InputError(
    `${entityRef} was not published to a local repository (it comes from ${
      location ?? 'an unknown location'
    }); use the SCM actions of its repository instead`,
  );
}
