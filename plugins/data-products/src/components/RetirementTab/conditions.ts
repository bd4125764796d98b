import type { ApiHolder } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_RETIREMENT } from '@meshport/plugin-data-products-common';
import { retirementApiRef } from '@meshport/plugin-data-products-react';

/**
 * For `EntitySwitch.Case`: whether the entity (a DataProduct, or a Dataset
 * through its product) is retiring or retired. Asks the retirement backend,
 * which knows at once; the catalog's annotation follows a processing loop
 * later. False when it cannot tell.
 */
export async function isRetiringOrRetired(
  entity: Entity,
  context: { apis: ApiHolder },
): Promise<boolean> {
  if (entity.metadata.annotations?.[ANNOTATION_RETIREMENT]) {
    return true;
  }
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (kind !== 'dataproduct' && kind !== 'dataset') {
    return false;
  }
  try {
    const api = context.apis.get(retirementApiRef);
    if (!api) {
      return false;
    }
    const status = await api.getRetirementStatus(stringifyEntityRef(entity));
    return Boolean(status.state);
  } catch {
    // e.g. the backend or its client is not available: no banner
    return false;
  }
}
