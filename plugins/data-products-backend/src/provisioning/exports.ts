/*
 * Pure helpers for the export of the desired state.
 */
import type {
  JsonObject,
  JsonValue,
} from '@meshport/plugin-data-products-node';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One environment's part of a desired state, by convention rather than
 * provisioner knowledge: in every top-level list, items with an
 * `environment` field are kept only for that environment, and items of an
 * `environments` list only if their `name` is it. Everything else is kept.
 * Resources keep what the whole plan gave them (e.g. a dev role's read access
 * to prd data).
 */
export function selectEnvironment(
  desired: unknown,
  environment: string,
): unknown {
  if (!isPlainObject(desired)) {
    return desired;
  }
  const selected: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(desired)) {
    if (!Array.isArray(value)) {
      selected[key] = value;
      continue;
    }
    selected[key] = value.filter(item => {
      if (!isPlainObject(item)) {
        return true;
      }
      if (key === 'environments' && typeof item.name === 'string') {
        return item.name === environment;
      }
      return typeof item.environment === 'string'
        ? item.environment === environment
        : true;
    });
  }
  return selected;
}

/**
 * Merges the Terraform JSON documents of several provisioners into one:
 * objects merge key by key, lists (e.g. provider aliases) are concatenated.
 */
export function mergeTerraform(documents: JsonObject[]): JsonObject {
  const merge = (
    a: JsonValue | undefined,
    b: JsonValue | undefined,
  ): JsonValue | undefined => {
    if (a === undefined) return b;
    if (b === undefined) return a;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (isPlainObject(a) && isPlainObject(b)) {
      const merged: JsonObject = { ...(a as JsonObject) };
      for (const [key, value] of Object.entries(b as JsonObject)) {
        merged[key] = merge(merged[key], value);
      }
      return merged;
    }
    return b;
  };
  return documents.reduce<JsonObject>(
    (merged, document) => merge(merged, document) as JsonObject,
    {},
  );
}
