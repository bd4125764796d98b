/*
 * IAM's policy quotas, how IAM measures a policy, and a check of finished
 * documents against both (a safety net behind the packer, ./packing.ts).
 *
 * IAM measures a policy as its JSON without whitespace, which is exactly
 * `JSON.stringify(document).length` for the ASCII documents we write.
 */
import type { PolicyDocument } from '../model';

export const IAM_MANAGED_POLICY_MAX_CHARS = 6144;
export const IAM_INLINE_POLICIES_MAX_CHARS = 10240;
export const POLICY_VERSION = '2012-10-17';

/** The size IAM counts for a policy document (its JSON without whitespace). */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/** Statement ids must match `^[A-Za-z0-9]*$`. */
export const VALID_SID = /^[A-Za-z0-9]*$/;

export const EMPTY_DOCUMENT_CHARS = policySize({
  Version: POLICY_VERSION,
  Statement: [],
});

/** Printable ASCII without `"` or `\\`: JSON writes it as is, in quotes. */
const PLAIN_JSON_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** `JSON.stringify(value).length`, without building the JSON for plain strings. */
export function jsonStringChars(value: string): number {
  return PLAIN_JSON_STRING.test(value)
    ? value.length + 2
    : JSON.stringify(value).length;
}

/** Formats a character count the way the quota error shows it: `6,144`. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Problems that would make IAM reject the documents (a safety net: the packer
 * should never produce them). Returns human-readable reasons, empty if valid.
 */
export function findPolicyViolations(
  managed: Array<{ name: string; document: PolicyDocument }>,
  inline: Array<{ name: string; document: PolicyDocument }>,
  maxManagedPolicies: number,
): string[] {
  const violations: string[] = [];
  if (managed.length > maxManagedPolicies) {
    violations.push(
      `${managed.length} managed policies exceed the limit of ${maxManagedPolicies}`,
    );
  }
  const inlineTotal = inline.reduce(
    (sum, p) => sum + policySize(p.document),
    0,
  );
  if (inlineTotal > IAM_INLINE_POLICIES_MAX_CHARS) {
    violations.push(
      `inline policies have ${inlineTotal} characters, more than ${IAM_INLINE_POLICIES_MAX_CHARS}`,
    );
  }
  for (const policy of [...managed, ...inline]) {
    if (policy.name.length > 128 || !/^[\w+=,.@-]+$/.test(policy.name)) {
      violations.push(`policy name ${policy.name} is not a valid IAM name`);
    }
    const sids = new Set<string>();
    for (const statement of policy.document.Statement) {
      const sid = statement.Sid ?? '';
      if (!VALID_SID.test(sid)) {
        violations.push(`${policy.name}: Sid ${sid} is not alphanumeric`);
      }
      if (sid && sids.has(sid)) {
        violations.push(`${policy.name}: Sid ${sid} is not unique`);
      }
      sids.add(sid);
    }
  }
  for (const policy of managed) {
    const size = policySize(policy.document);
    if (size > IAM_MANAGED_POLICY_MAX_CHARS) {
      violations.push(
        `${policy.name} has ${size} characters, more than ${IAM_MANAGED_POLICY_MAX_CHARS}`,
      );
    }
  }
  return violations;
}
