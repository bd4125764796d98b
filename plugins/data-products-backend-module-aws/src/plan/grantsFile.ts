/*
 * The grants file, for planning without a running portal (CLI, benchmark,
 * Terraform export):
 *
 *   {"grants":[{"consumer":"dataproduct:default/x","dataset":"dataset:default/y","environments":["dev"]}]}
 *
 * The same object may be written as YAML; parse it first and pass the value.
 * `id` and `validUntil` are optional; a missing id is derived from the entry.
 */
import type { Grant } from '@meshport/plugin-data-products-node';
import { normalizeRef } from './names';

function fail(path: string, expected: string): never {
  throw new Error(`Invalid grants file at ${path}: ${expected}`);
}

/** Validates a parsed grants file and returns its grants with full refs. */
export function parseGrantsFile(data: unknown): Grant[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail('the root', 'expected an object with a "grants" list');
  }
  const list = (data as { grants?: unknown }).grants;
  if (list === undefined) return [];
  if (!Array.isArray(list)) fail('grants', 'expected a list');
  return list.map((entry: unknown, i): Grant => {
    const at = `grants[${i}]`;
    if (typeof entry !== 'object' || entry === null)
      fail(at, 'expected an object');
    const raw = entry as Record<string, unknown>;
    const ref = (field: string, kind: string) => {
      const value = raw[field];
      if (typeof value !== 'string' || !value)
        fail(`${at}.${field}`, `expected a ${kind} entity ref`);
      let full: string;
      try {
        full = normalizeRef(value, kind);
      } catch {
        return fail(`${at}.${field}`, `'${value}' is not a valid entity ref`);
      }
      if (!full.startsWith(`${kind.toLocaleLowerCase('en-US')}:`)) {
        fail(`${at}.${field}`, `expected a ${kind} entity ref, got '${value}'`);
      }
      return full;
    };
    const consumer = ref('consumer', 'DataProduct');
    const dataset = ref('dataset', 'Dataset');
    const environments = raw.environments;
    if (
      !Array.isArray(environments) ||
      environments.length === 0 ||
      environments.some(e => typeof e !== 'string' || !e)
    ) {
      fail(
        `${at}.environments`,
        'expected a non-empty list of environment names',
      );
    }
    const validUntil = raw.validUntil;
    if (
      validUntil !== undefined &&
      (typeof validUntil !== 'string' || Number.isNaN(Date.parse(validUntil)))
    ) {
      fail(`${at}.validUntil`, 'expected an ISO 8601 timestamp');
    }
    const id = raw.id;
    if (id !== undefined && (typeof id !== 'string' || !id))
      fail(`${at}.id`, 'expected a non-empty string');
    return {
      id: (id as string | undefined) ?? `${consumer}->${dataset}`,
      consumer,
      dataset,
      environments: environments as string[],
      ...(validUntil ? { validUntil: validUntil as string } : {}),
    };
  });
}
