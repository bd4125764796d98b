/*
 * The names people know entities by (titles, display names), read from the catalog with the
 * plugin's own credentials, for the sentences of notifications.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { titleOf } from '../refusals/describe';
import type { NameLookup } from './notifications';

export function catalogNames(
  catalog: Pick<CatalogService, 'getEntitiesByRefs'>,
  auth: Pick<AuthService, 'getOwnServiceCredentials'>,
): NameLookup {
  return async refs => {
    const names = new Map<string, string>();
    if (refs.length === 0) return names;
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    refs.forEach((ref, i) => {
      const entity = items[i];
      if (entity) names.set(ref, titleOf(entity));
    });
    return names;
  };
}
