/*
 * The plugin's one entity-ref normalisation. Entity refs compare
 * case-insensitively (the catalog's rule); every stored row, map key and
 * comparison of the plugin keeps them lowercase, as the full
 * `kind:namespace/name` form.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** A full entity ref as the plugin stores and compares it: lowercase. */
export function normalizeEntityRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * `value` as a normalised full ref when it is a ref of one of `kinds` (a
 * short ref gets the first kind and the default namespace), else undefined.
 */
export function entityRefOfKinds(
  value: string,
  kinds: readonly [string, ...string[]],
): string | undefined {
  try {
    const ref = parseEntityRef(value, {
      defaultKind: kinds[0],
      defaultNamespace: 'default',
    });
    const kind = normalizeEntityRef(ref.kind);
    if (kinds.some(k => normalizeEntityRef(k) === kind)) {
      return normalizeEntityRef(stringifyEntityRef(ref));
    }
  } catch {
    // not a ref
  }
  return undefined;
}
