/*
 * Pure: what makes a good name for a new DataProduct or Dataset. Stricter
 * than Backstage's entity names because the name also names the product's
 * git repository, AWS roles (within IAM's 64 characters), S3 prefixes and
 * Glue databases.
 */

export const MAX_NAME_LENGTH = 50;

/** The problem with a name, for the person typing it; undefined when it is fine. */
export function describeNameProblem(name: string): string | undefined {
  if (!name) {
    return 'Enter a name';
  }
  if (name.length < 2) {
    return 'Use at least 2 characters';
  }
  if (name.length > MAX_NAME_LENGTH) {
    return `Use at most ${MAX_NAME_LENGTH} characters (this one has ${name.length})`;
  }
  if (/[A-Z]/.test(name)) {
    return `Use lowercase letters: "${name.toLocaleLowerCase('en-US')}"`;
  }
  if (/[^a-z0-9-]/.test(name)) {
    const bad = [...new Set(name.replace(/[a-z0-9-]/g, ''))].join(' ');
    return `Use only lowercase letters, digits and dashes (not ${bad})`;
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    return 'Start and end with a letter or digit';
  }
  if (name.includes('--')) {
    return 'Use single dashes between words';
  }
  return undefined;
}
