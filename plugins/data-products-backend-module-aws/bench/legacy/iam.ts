// The per-resource reader Meshport used before GetAccountAuthorizationDetails, kept for `yarn bench` to measure against.
/*
 * Reads Meshport's IAM roles and managed policies in one account.
 *
 * Roles: those directly under the configured role path and tagged
 * `meshport:managed=true`. Their attached policies under the same path are
 * read in full (default version); other attached policies (AWS managed or
 * made by hand) only by name, since Meshport never changes them. Managed
 * policies under the path that no role has attached are orphans the differ
 * may delete.
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  Tag,
} from '@aws-sdk/client-iam';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import {
  AWS_ROLE_KINDS,
  AwsActualState,
  AwsManagedPolicy,
  AwsRoleKind,
  AwsTags,
  PolicyDocument,
  TAG_DATA_PRODUCT,
  TAG_ROLE,
} from '../../src/model';
import { isManaged } from '../../src/apply/operations';
import { parsePolicyDocument } from '../../src/apply/policyDocuments';
import { isNoSuchEntityError, RetryOptions, withRetry } from '../../src/apply/retry';
import {
  compareStrings,
  collectPages,
  mapWithConcurrency,
  PromiseCache,
} from '../../src/actual/util';

type ActualRole = AwsActualState['roles'][number];
type UnattachedPolicy = NonNullable<
  AwsActualState['unattachedPolicies']
>[number];

/** Concurrent reads per account; the SDK's adaptive mode slows down further if throttled. */
const READ_CONCURRENCY = 4;

export interface IamReadOptions {
  rolePath: string;
  /** Only these role names (a product-scoped read); undefined: all. */
  roleNames?: Set<string>;
  retry?: RetryOptions;
}

export function tagsToRecord(tags: Tag[] | undefined): AwsTags {
  const result: AwsTags = {};
  for (const { Key, Value } of tags ?? []) {
    if (Key !== undefined) result[Key] = Value ?? '';
  }
  return result;
}

const EMPTY_DOCUMENT: PolicyDocument = { Version: '2012-10-17', Statement: [] };

function kindOf(tags: AwsTags, roleName: string): AwsRoleKind {
  const tagged = tags[TAG_ROLE] as AwsRoleKind;
  if (AWS_ROLE_KINDS.includes(tagged)) return tagged;
  return AWS_ROLE_KINDS.find(k => roleName.endsWith(`-${k}`)) ?? 'consumer';
}

export async function readIamState(
  iam: IAMClient,
  environment: MeshportEnvironment,
  options: IamReadOptions,
): Promise<{ roles: ActualRole[]; unattachedPolicies: UnattachedPolicy[] }> {
  const { rolePath, roleNames } = options;
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, options.retry);
  const policies = new PromiseCache<AwsManagedPolicy | undefined>();
  const ownPolicyArn = (arn: string) => arn.includes(`:policy${rolePath}`);

  /** A managed policy under the role path with its default version; undefined if gone. */
  const readPolicy = (arn: string) =>
    policies.get(arn, async () => {
      try {
        const { Policy } = await call(() =>
          iam.send(new GetPolicyCommand({ PolicyArn: arn })),
        );
        const { PolicyVersion } = await call(() =>
          iam.send(
            new GetPolicyVersionCommand({
              PolicyArn: arn,
              VersionId: Policy!.DefaultVersionId!,
            }),
          ),
        );
        return {
          name: Policy!.PolicyName!,
          arn,
          path: Policy!.Path ?? '/',
          document: parsePolicyDocument(PolicyVersion!.Document!),
          tags: tagsToRecord(Policy!.Tags),
        };
      } catch (error) {
        if (isNoSuchEntityError(error)) return undefined;
        throw error;
      }
    });

  const listed = await collectPages(async token => {
    const page = await call(() =>
      iam.send(new ListRolesCommand({ PathPrefix: rolePath, Marker: token })),
    );
    return {
      items: page.Roles,
      next: page.IsTruncated ? page.Marker : undefined,
    };
  });
  const candidates = listed.filter(
    r => r.Path === rolePath && (!roleNames || roleNames.has(r.RoleName!)),
  );

  const readRole = async (
    roleName: string,
  ): Promise<ActualRole | undefined> => {
    let role;
    try {
      role = (
        await call(() => iam.send(new GetRoleCommand({ RoleName: roleName })))
      ).Role!;
    } catch (error) {
      if (isNoSuchEntityError(error)) return undefined; // deleted meanwhile
      throw error;
    }
    const tags = tagsToRecord(role.Tags);
    if (!isManaged(tags, environment.name)) return undefined;

    const attached = await collectPages(async token => {
      const page = await call(() =>
        iam.send(
          new ListAttachedRolePoliciesCommand({
            RoleName: roleName,
            Marker: token,
          }),
        ),
      );
      return {
        items: page.AttachedPolicies,
        next: page.IsTruncated ? page.Marker : undefined,
      };
    });
    const managedPolicies: AwsManagedPolicy[] = [];
    for (const { PolicyArn, PolicyName } of attached) {
      const own = ownPolicyArn(PolicyArn!)
        ? await readPolicy(PolicyArn!)
        : undefined;
      managedPolicies.push(
        own ?? {
          // Not Meshport's: known by name only, never changed.
          name: PolicyName!,
          arn: PolicyArn!,
          path: '',
          document: EMPTY_DOCUMENT,
          tags: {},
        },
      );
    }

    const inlineNames = await collectPages(async token => {
      const page = await call(() =>
        iam.send(
          new ListRolePoliciesCommand({ RoleName: roleName, Marker: token }),
        ),
      );
      return {
        items: page.PolicyNames,
        next: page.IsTruncated ? page.Marker : undefined,
      };
    });
    const inlinePolicies = [];
    for (const policyName of inlineNames) {
      try {
        const { PolicyDocument: document } = await call(() =>
          iam.send(
            new GetRolePolicyCommand({
              RoleName: roleName,
              PolicyName: policyName,
            }),
          ),
        );
        inlinePolicies.push({
          name: policyName,
          document: parsePolicyDocument(document!),
        });
      } catch (error) {
        if (!isNoSuchEntityError(error)) throw error;
      }
    }

    return {
      name: roleName,
      arn: role.Arn!,
      path: role.Path ?? rolePath,
      environment: environment.name,
      accountId: environment.accountId,
      dataProduct: tags[TAG_DATA_PRODUCT] ?? '',
      kind: kindOf(tags, roleName),
      ...(role.Description !== undefined ? { purpose: role.Description } : {}),
      trustPolicy: role.AssumeRolePolicyDocument
        ? parsePolicyDocument(role.AssumeRolePolicyDocument)
        : EMPTY_DOCUMENT,
      tags,
      maxSessionDuration: role.MaxSessionDuration ?? 3600,
      ...(role.PermissionsBoundary?.PermissionsBoundaryArn
        ? {
            permissionsBoundaryArn:
              role.PermissionsBoundary.PermissionsBoundaryArn,
          }
        : {}),
      managedPolicies,
      inlinePolicies,
    };
  };

  const roles = (
    await mapWithConcurrency(candidates, READ_CONCURRENCY, r =>
      readRole(r.RoleName!),
    )
  ).filter((r): r is ActualRole => !!r);
  roles.sort((a, b) => compareStrings(a.name, b.name));

  // Orphans: Meshport policies no role has attached.
  const attachedArns = new Set(
    roles.flatMap(r => r.managedPolicies.map(p => p.arn)),
  );
  const rolePrefixes = roleNames ? [...roleNames].map(n => `${n}-`) : undefined;
  const localPolicies = await collectPages(async token => {
    const page = await call(() =>
      iam.send(
        new ListPoliciesCommand({
          Scope: 'Local',
          PathPrefix: rolePath,
          OnlyAttached: false,
          Marker: token,
        }),
      ),
    );
    return {
      items: page.Policies,
      next: page.IsTruncated ? page.Marker : undefined,
    };
  });
  const orphanCandidates = localPolicies.filter(
    p =>
      p.Path === rolePath &&
      (p.AttachmentCount ?? 0) === 0 &&
      !attachedArns.has(p.Arn!) &&
      (!rolePrefixes ||
        rolePrefixes.some(prefix => p.PolicyName!.startsWith(prefix))),
  );
  const unattachedPolicies = (
    await mapWithConcurrency(orphanCandidates, READ_CONCURRENCY, p =>
      readPolicy(p.Arn!),
    )
  )
    .filter((p): p is AwsManagedPolicy => !!p && isManaged(p.tags, environment.name))
    .map(p => ({ ...p, environment: environment.name }));

  return { roles, unattachedPolicies };
}
