/*
 * IAM policy documents compared by meaning, not by bytes.
 *
 * IAM returns documents URL-encoded, keeps whatever formatting it was given,
 * and accepts many spellings of the same policy: `Action` as a string or an
 * array, statements in any order, `"Principal": "*"` for `{"AWS": "*"}`,
 * action names in any case. Two documents that IAM evaluates the same way
 * must canonicalise to the same string, or an unchanged plan would rewrite
 * policies on every run.
 */
import type { PolicyDocument } from '../model';

/**
 * Parses a policy document as IAM returns it (URL-encoded JSON) or as it was
 * written (plain JSON).
 */
export function parsePolicyDocument(text: string): PolicyDocument {
  const trimmed = text.trim();
  const json = trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed);
  return JSON.parse(json) as PolicyDocument;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return [...new Set(list.map(v => String(v)))].sort();
}

function canonicalPrincipal(principal: unknown): Json | undefined {
  if (principal === undefined || principal === null) return undefined;
  if (typeof principal === 'string') {
    return principal === '*' ? { AWS: ['*'] } : { AWS: asList(principal) };
  }
  const result: Record<string, Json> = {};
  for (const key of Object.keys(principal as object).sort()) {
    result[key] = asList((principal as Record<string, unknown>)[key]);
  }
  return result;
}

function canonicalCondition(condition: unknown): Json | undefined {
  if (!condition || typeof condition !== 'object') return undefined;
  const result: Record<string, Json> = {};
  for (const operator of Object.keys(condition).sort()) {
    const entries = (condition as Record<string, Record<string, unknown>>)[
      operator
    ];
    const keys: Record<string, Json> = {};
    for (const key of Object.keys(entries ?? {}).sort()) {
      // Condition keys are case-insensitive; values are not.
      keys[key.toLowerCase()] = asList(entries[key]);
    }
    result[operator] = keys;
  }
  return result;
}

function canonicalStatement(statement: Record<string, unknown>): Json {
  const result: Record<string, Json> = {};
  if (statement.Sid) result.Sid = String(statement.Sid);
  result.Effect = String(statement.Effect);
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    const principal = canonicalPrincipal(statement[key]);
    if (principal) result[key] = principal;
  }
  for (const key of ['Action', 'NotAction'] as const) {
    // Action names are case-insensitive in IAM.
    if (statement[key] !== undefined) {
      result[key] = asList(statement[key]).map(a => a.toLowerCase());
    }
  }
  for (const key of ['Resource', 'NotResource'] as const) {
    if (statement[key] !== undefined) result[key] = asList(statement[key]);
  }
  const condition = canonicalCondition(statement.Condition);
  if (condition && Object.keys(condition).length) result.Condition = condition;
  return result;
}

/** Stable JSON: object keys sorted. */
function stableStringify(value: Json): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A canonical string of a policy document: equal for documents IAM treats
 * the same. Accepts documents as objects or as (URL-encoded) JSON text.
 */
export function canonicalPolicy(document: PolicyDocument | string): string {
  const doc: Record<string, unknown> =
    typeof document === 'string'
      ? (parsePolicyDocument(document) as unknown as Record<string, unknown>)
      : (document as unknown as Record<string, unknown>);
  // `Statement` may be a single statement instead of an array.
  const raw = doc.Statement ?? [];
  const statements = (Array.isArray(raw) ? raw : [raw]).map(s =>
    stableStringify(canonicalStatement(s as Record<string, unknown>)),
  );
  // Statement order does not matter, nor do exact duplicates.
  const unique = [...new Set(statements)].sort();
  // IAM's default language version when none is given.
  const version = String(doc.Version ?? '2008-10-17');
  return `{"Statement":[${unique.join(',')}],"Version":${JSON.stringify(
    version,
  )}}`;
}

/** Whether IAM would evaluate the two documents the same way. */
export function samePolicy(
  a: PolicyDocument | string,
  b: PolicyDocument | string,
): boolean {
  return canonicalPolicy(a) === canonicalPolicy(b);
}

/** The JSON we send to IAM: compact, as the planner sized it. */
export function policyJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}
