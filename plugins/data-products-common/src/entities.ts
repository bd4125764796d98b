import type { Entity } from '@backstage/catalog-model';
import {
  DATA_PRODUCT_KIND,
  DATASET_KIND,
  DataProductEntity,
  DatasetEntity,
  MESHPORT_API_VERSION,
} from './types';

function isMeshportKind(entity: Entity, kind: string): boolean {
  return (
    entity.apiVersion === MESHPORT_API_VERSION &&
    typeof entity.kind === 'string' &&
    // Backstage compares kinds case-insensitively.
    entity.kind.toLocaleLowerCase('en-US') === kind.toLocaleLowerCase('en-US')
  );
}

/** Whether the entity is a Meshport DataProduct (by apiVersion and kind). */
export function isDataProductEntity(
  entity: Entity,
): entity is DataProductEntity {
  return isMeshportKind(entity, DATA_PRODUCT_KIND);
}

/** Whether the entity is a Meshport Dataset (by apiVersion and kind). */
export function isDatasetEntity(entity: Entity): entity is DatasetEntity {
  return isMeshportKind(entity, DATASET_KIND);
}
