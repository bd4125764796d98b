/*
 * Small helpers shared by the entity and the config validators: paths in the dotted form users
 * read (`spec.outputs[1].bucket`) and friendly descriptions of values and typos.
 */

/** Appends a property or an index to a dotted path. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${parent}[${key}]`;
  }
  const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (!parent) {
    return segment;
  }
  return segment.startsWith('"')
    ? `${parent}[${segment}]`
    : `${parent}.${segment}`;
}

/** A value as it appears in a message: strings quoted, long values shortened. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The JSON type of a value, in words: `an array`, `a number`, `null`. */
export function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    default:
      return `a ${typeof value}`;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The closest known name to a typo, if it is close enough to be what was meant. */
export function suggestName(
  typo: string,
  known: readonly string[],
): string | undefined {
  const maxDistance = Math.max(1, Math.floor(typo.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = levenshtein(typo.toLowerCase(), name.toLowerCase());
    if (distance <= maxDistance && (!best || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}

/** `unknown field "acess" (did you mean "access"?)` */
export function unknownFieldMessage(
  field: string,
  known: readonly string[],
): string {
  const suggestion = suggestName(field, known);
  const hint = suggestion
    ? `did you mean "${suggestion}"?`
    : `expected one of: ${known.join(', ')}`;
  return `unknown field "${field}" (${hint})`;
}
