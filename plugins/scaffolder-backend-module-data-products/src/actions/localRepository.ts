import type { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { LOCAL_GIT_LOCATION_TYPE } from '../catalog/LocalGitLocationsProvider';
import { REPO_NAME_PATTERN } from '../lib/git';

/**
 * The local repository an entity was registered from: its
 * `backstage.io/managed-by-location` must be a `meshport-local-git` location.
 */
export async function findLocalRepositoryOf(options: {
  entityRef: string;
  catalog: CatalogService;
  auth: AuthService;
}): Promise<string> {
  const { entityRef, catalog, auth } = options;
  const entity = await catalog.getEntityByRef(entityRef, {
    credentials: await auth.getOwnServiceCredentials(),
  });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (location) {
    const { type, target } = parseLocationRef(location);
    if (type === LOCAL_GIT_LOCATION_TYPE && REPO_NAME_PATTERN.test(target)) {
      return target;
    }
  }
  const title =
    (entity.metadata.title as string | undefined) ?? entity.metadata.name;
  throw new InputError(
    `${title} was not published to a local repository on this portal, so the portal cannot commit to it: add the dataset in its own repository (${
      location ?? 'an unknown location'
    }) instead`,
  );
}
