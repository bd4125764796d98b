/*
 * Pure: a readable diff of what a provisioning operation changed, line by
 * line, between the resource's previous recorded details and the new ones.
 * Documents are printed with sorted keys and two-space indents, so that a
 * reordered key never shows as a change.
 */
import type { ProvisioningDiffLine } from '@meshport/plugin-data-products-common';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return (value ?? null) as Json;
}

/** The document as printed lines (none for an absent document). */
export function printLines(value: unknown): string[] {
  if (value === undefined) return [];
  return JSON.stringify(sortKeys(value), null, 2).split('\n');
}

/**
 * The part of an operation's details a person reviews: a policy document
 * when there is one (IAM `document`, a bucket or grant `policy`), otherwise
 * the details without bookkeeping (`dependsOn`, `changes`).
 */
export function reviewedPart(
  details: Record<string, unknown> | undefined,
): unknown {
  if (!details) return undefined;
  for (const key of ['document', 'policy', 'policyDocument']) {
    if (details[key] !== undefined) return details[key];
  }
  const { dependsOn: _d, changes: _c, ...rest } = details;
  return rest;
}

/**
 * Line diff (longest common subsequence) of two printed documents: each line
 * kept, added or removed, in order. Quadratic in lines, which is fine for
 * policies (IAM caps a managed policy at 6,144 characters).
 */
export function diffLines(
  before: string[],
  after: string[],
): ProvisioningDiffLine[] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () =>
    new Array<number>(m + 1).fill(0),
  );
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] =
        before[i] === after[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: ProvisioningDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ kind: 'same', text: before[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ kind: 'removed', text: before[i++] });
    } else {
      out.push({ kind: 'added', text: after[j++] });
    }
  }
  while (i < n) out.push({ kind: 'removed', text: before[i++] });
  while (j < m) out.push({ kind: 'added', text: after[j++] });
  return out;
}

/**
 * The diff of one operation: a create shows the new document (all added), a
 * delete the old one (all removed), an update the changed lines in context.
 * Undefined when there is nothing to show on either side.
 */
export function operationDiff(
  action: 'create' | 'update' | 'delete',
  previous: Record<string, unknown> | undefined,
  next: Record<string, unknown>,
): ProvisioningDiffLine[] | undefined {
  const before = printLines(
    action === 'create' ? undefined : reviewedPart(previous),
  );
  const after = printLines(
    action === 'delete' ? undefined : reviewedPart(next),
  );
  if (before.length === 0 && after.length === 0) return undefined;
  return diffLines(before, after);
}
