/* Helpers to look into planned roles in tests. */
import type { AwsDesiredState, AwsRole, PolicyStatement } from '../../model';

export function roleNamed(state: AwsDesiredState, name: string): AwsRole {
  const role = state.roles.find(r => r.name === name);
  if (!role) {
    throw new Error(
      `No role ${name}; roles: ${state.roles.map(r => r.name).join(', ')}`,
    );
  }
  return role;
}

export function statementsOf(role: AwsRole): PolicyStatement[] {
  return [...role.inlinePolicies, ...role.managedPolicies].flatMap(
    p => p.document.Statement,
  );
}

/** Whether an IAM action pattern (`glue:GetTable*`) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = pattern
    .split('')
    .map(c => {
      if (c === '*') return '.*';
      if (c === '?') return '.';
      return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

/** The service of an ARN (`arn:aws:glue:...` -> `glue`). */
export function serviceOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:([^:]+):/.exec(arn)?.[1];
}

/**
 * Every resource the role may call `action` on (ignoring conditions),
 * deduplicated. A statement may name several services; IAM matches an action
 * only against resources of its own service, and so does this.
 */
export function resourcesFor(role: AwsRole, action: string): string[] {
  const service = action.split(':')[0];
  const resources = statementsOf(role)
    .filter(s => s.Action.some(pattern => actionMatches(pattern, action)))
    .flatMap(s => s.Resource ?? [])
    .filter(r => r === '*' || serviceOfArn(r) === service);
  return [...new Set(resources)].sort();
}

/** The `s3:prefix` patterns the role may list in a bucket. */
export function listablePrefixes(role: AwsRole, bucket: string): string[] {
  return statementsOf(role)
    .filter(
      s =>
        s.Action.includes('s3:ListBucket') &&
        s.Resource?.includes(`arn:aws:s3:::${bucket}`),
    )
    .flatMap(s => {
      const values = s.Condition?.StringLike?.['s3:prefix'] ?? [];
      return Array.isArray(values) ? values : [values];
    })
    .sort();
}
