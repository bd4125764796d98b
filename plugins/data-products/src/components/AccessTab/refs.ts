import { forPeople } from '../RetirementTab/presentation';
import { parseEntityRef } from '@backstage/catalog-model';

/** `carrier-performance`, or `other/carrier-performance` outside the default namespace. */
export function shortRef(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

/** The server's own message of a ResponseError, or the error's message. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = (error as { cause?: unknown }).cause;
  return forPeople(
    cause instanceof Error && cause.message ? cause.message : error.message,
  );
}

/** Entity refs compare case-insensitively (the server stores them lowercased). */
export function sameRef(a: string | undefined, b: string | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US')
  );
}
