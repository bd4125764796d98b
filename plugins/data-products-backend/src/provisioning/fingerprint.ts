/*
 * A stable hash of the provisioning input, so the change detector can tell
 * "nothing changed" without planning: equal input gives an equal hash
 * whatever the order the catalog returned entities or grants in.
 */
import { createHash } from 'crypto';
import type { Entity } from '@backstage/catalog-model';
import type { ProvisioningInput } from '@meshport/plugin-data-products-node';

/** JSON with object keys sorted at every level; `undefined` fields dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      if (field !== undefined) {
        sorted[key] = sortKeys(field);
      }
    }
    return sorted;
  }
  return value;
}

function entityKey(entity: Entity): string {
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');
}

/** What of an entity can change a plan: identity and spec, not annotations or status. */
function planRelevant(entity: Entity) {
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    name: entity.metadata.name,
    namespace: entity.metadata.namespace ?? 'default',
    spec: entity.spec,
  };
}

function byKey<T>(key: (item: T) => string) {
  return (a: T, b: T) => {
    const [ka, kb] = [key(a), key(b)];
    if (ka < kb) return -1;
    return ka > kb ? 1 : 0;
  };
}

/** SHA-256 (hex) of the input, independent of the order of entities and grants. */
export function fingerprintInput(input: ProvisioningInput): string {
  const canonical = {
    products: [...input.products].sort(byKey(entityKey)).map(planRelevant),
    datasets: [...input.datasets].sort(byKey(entityKey)).map(planRelevant),
    grants: [...input.grants].sort(byKey(grant => grant.id)).map(grant => ({
      ...grant,
      environments: [...grant.environments].sort(),
    })),
    // Order matters here: provisioners keep the configured order.
    environments: input.environments,
  };
  return createHash('sha256').update(canonicalJson(canonical)).digest('hex');
}
