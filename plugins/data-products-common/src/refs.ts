import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { DataProductEntity, DatasetEntity } from './types';

/** The spec fields that hold entity refs, and the kind a short ref in each defaults to. */
export const SPEC_REF_DEFAULT_KINDS = {
  owner: 'Group',
  domain: 'Domain',
  dataProduct: 'DataProduct',
  inputPort: 'Dataset',
} as const;

export type SpecRefField = keyof typeof SPEC_REF_DEFAULT_KINDS;

/**
 * Resolves a ref written in an entity's spec: a short ref (`team-sales`) gets the field's default
 * kind and the entity's own namespace. Throws on a malformed ref, like `parseEntityRef`.
 */
export function resolveSpecRef(
  entity: Entity,
  field: SpecRefField,
  ref: string,
): CompoundEntityRef {
  return parseEntityRef(ref, {
    defaultKind: SPEC_REF_DEFAULT_KINDS[field],
    defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
  });
}

/** Full ref of the DataProduct producing the dataset, e.g. `dataproduct:default/sales-orders`. */
export function getDatasetProductRef(dataset: DatasetEntity): string {
  return stringifyEntityRef(
    resolveSpecRef(dataset, 'dataProduct', dataset.spec.dataProduct),
  );
}

/** Full refs of the Datasets the product lists as input ports, in spec order. */
export function getInputDatasetRefs(product: DataProductEntity): string[] {
  return (product.spec.inputPorts ?? []).map(port =>
    stringifyEntityRef(resolveSpecRef(product, 'inputPort', port.dataset)),
  );
}

/** Full ref of the owner (a Group unless the ref says otherwise). */
export function getOwnerRef(entity: DataProductEntity | DatasetEntity): string {
  return stringifyEntityRef(resolveSpecRef(entity, 'owner', entity.spec.owner));
}

/** Full ref of the product's Domain. */
export function getDomainRef(product: DataProductEntity): string {
  return stringifyEntityRef(
    resolveSpecRef(product, 'domain', product.spec.domain),
  );
}

/**
 * The catalog page of a full entity ref (`kind:namespace/name`), for links in
 * the portal and in notifications.
 */
export function entityPath(ref: string): string {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}`;
}
