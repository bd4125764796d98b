/*
 * Reads Meshport's IAM roles and managed policies in one account, in tens of
 * calls rather than several per role:
 *
 * - `GetAccountAuthorizationDetails` (roles and local managed policies, 1,000
 *   items a page): each role with its trust policy, inline documents,
 *   attached policies, boundary and tags; each managed policy with every
 *   version (documents URL-encoded);
 * - `ListRoles` under the role path: the descriptions and session lengths
 *   the former leaves out;
 * - `ListPolicyTags` only where tags decide ownership: a policy under the
 *   path that no role has attached (an orphan the differ may delete), or
 *   every own policy in a deep read.
 *
 * A role is the environment's when it lies directly under the role path and
 * is tagged `meshport:managed=true` and `meshport:environment=<name>`. A
 * managed policy under the path attached to such a role and named
 * `<role>-<n>` is read in full and carries the role's Meshport tags (IAM does
 * not list policy tags in bulk; a deep read lists them);
 * other attached policies (AWS managed, made by hand) are known by name only.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListPolicyTagsCommand,
  ListRolesCommand,
  ManagedPolicyDetail,
  Role,
  RoleDetail,
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
} from '../model';
import { isManaged } from '../apply/operations';
import { parsePolicyDocument } from '../apply/policyDocuments';
import { isNoSuchEntityError, RetryOptions, withRetry } from '../apply/retry';
import {
  compareStrings,
  collectPages,
  mapWithConcurrency,
  tagListToRecord,
} from './util';

type ActualRole = AwsActualState['roles'][number];
type UnattachedPolicy = NonNullable<
  AwsActualState['unattachedPolicies']
>[number];

/** Concurrent tag reads per account (the account's rate limiter paces them). */
const READ_CONCURRENCY = 4;
/** IAM's largest page. */
const MAX_ITEMS = 1000;

export interface IamReadOptions {
  rolePath: string;
  /** Only these role names (a product-scoped read); undefined: all. */
  roleNames?: Set<string>;
  /** Also read the tags of every own managed policy (`ListPolicyTags`). */
  deep?: boolean;
  retry?: RetryOptions;
}

export function tagsToRecord(tags: Tag[] | undefined): AwsTags {
  return tagListToRecord(tags);
}

const EMPTY_DOCUMENT: PolicyDocument = { Version: '2012-10-17', Statement: [] };

function kindOf(tags: AwsTags, roleName: string): AwsRoleKind {
  const tagged = tags[TAG_ROLE] as AwsRoleKind;
  if (AWS_ROLE_KINDS.includes(tagged)) return tagged;
  return AWS_ROLE_KINDS.find(k => roleName.endsWith(`-${k}`)) ?? 'consumer';
}

/** Meshport's tags of a role, which it also puts on the role's policies. */
function meshportTags(tags: AwsTags): AwsTags {
  return Object.fromEntries(
    Object.entries(tags).filter(([key]) => key.startsWith('meshport:')),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function defaultDocument(policy: ManagedPolicyDetail): PolicyDocument {
  const version = policy.PolicyVersionList?.find(v => v.IsDefaultVersion);
  return version?.Document
    ? parsePolicyDocument(version.Document)
    : EMPTY_DOCUMENT;
}

export async function readIamState(
  iam: IAMClient,
  environment: MeshportEnvironment,
  options: IamReadOptions,
): Promise<{ roles: ActualRole[]; unattachedPolicies: UnattachedPolicy[] }> {
  const { rolePath, roleNames } = options;
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, options.retry);

  const roleDetails: RoleDetail[] = [];
  const policyDetails = new Map<string, ManagedPolicyDetail>();
  const pages = await collectPages(async token => {
    const page = await call(() =>
      iam.send(
        new GetAccountAuthorizationDetailsCommand({
          Filter: ['Role', 'LocalManagedPolicy'],
          MaxItems: MAX_ITEMS,
          Marker: token,
        }),
      ),
    );
    return { items: [page], next: page.IsTruncated ? page.Marker : undefined };
  });
  for (const page of pages) {
    roleDetails.push(...(page.RoleDetailList ?? []));
    for (const policy of page.Policies ?? []) {
      if (policy.Arn) policyDetails.set(policy.Arn, policy);
    }
  }

  const listed = new Map<string, Role>();
  for (const role of await collectPages(async token => {
    const page = await call(() =>
      iam.send(
        new ListRolesCommand({
          PathPrefix: rolePath,
          MaxItems: MAX_ITEMS,
          Marker: token,
        }),
      ),
    );
    return {
      items: page.Roles,
      next: page.IsTruncated ? page.Marker : undefined,
    };
  })) {
    listed.set(role.RoleName!, role);
  }

  const readTags = async (arn: string): Promise<AwsTags | undefined> => {
    try {
      const tags = await collectPages(async token => {
        const page = await call(() =>
          iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, Marker: token })),
        );
        return {
          items: page.Tags,
          next: page.IsTruncated ? page.Marker : undefined,
        };
      });
      return tagsToRecord(tags);
    } catch (error) {
      if (isNoSuchEntityError(error)) return undefined; // deleted meanwhile
      throw error;
    }
  };

  const ownPolicy = (arn: string) => {
    const detail = policyDetails.get(arn);
    return detail?.Path === rolePath ? detail : undefined;
  };

  const roles: ActualRole[] = [];
  for (const detail of roleDetails) {
    const name = detail.RoleName!;
    if (detail.Path !== rolePath) continue;
    if (roleNames && !roleNames.has(name)) continue;
    const tags = tagsToRecord(detail.Tags);
    if (!isManaged(tags, environment.name)) continue;
    const managedPolicies: AwsManagedPolicy[] = (
      detail.AttachedManagedPolicies ?? []
    ).map(({ PolicyArn, PolicyName }) => {
      const own = ownPolicy(PolicyArn!);
      return own
        ? {
            name: own.PolicyName!,
            arn: own.Arn!,
            path: own.Path!,
            document: defaultDocument(own),
            tags: meshportTags(tags),
          }
        : {
            // Not Meshport's: known by name only, never changed.
            name: PolicyName!,
            arn: PolicyArn!,
            path: '',
            document: EMPTY_DOCUMENT,
            tags: {},
          };
    });
    const summary = listed.get(name);
    roles.push({
      name,
      arn: detail.Arn!,
      path: detail.Path!,
      environment: environment.name,
      accountId: environment.accountId,
      dataProduct: tags[TAG_DATA_PRODUCT] ?? '',
      kind: kindOf(tags, name),
      ...(summary?.Description !== undefined
        ? { purpose: summary.Description }
        : {}),
      trustPolicy: detail.AssumeRolePolicyDocument
        ? parsePolicyDocument(detail.AssumeRolePolicyDocument)
        : EMPTY_DOCUMENT,
      tags,
      maxSessionDuration: summary?.MaxSessionDuration ?? 3600,
      ...(detail.PermissionsBoundary?.PermissionsBoundaryArn
        ? {
            permissionsBoundaryArn:
              detail.PermissionsBoundary.PermissionsBoundaryArn,
          }
        : {}),
      managedPolicies,
      inlinePolicies: (detail.RolePolicyList ?? []).map(p => ({
        name: p.PolicyName!,
        document: parsePolicyDocument(p.PolicyDocument!),
      })),
    });
  }
  roles.sort((a, b) => compareStrings(a.name, b.name));

  // The real tags of policies under the path that Meshport's naming
  // (`<role>-<n>`) does not vouch for, or of every own policy in a deep read.
  const own = roles.flatMap(role =>
    role.managedPolicies.filter(
      p =>
        p.path &&
        (options.deep ||
          !new RegExp(`^${escapeRegExp(role.name)}-\\d+$`).test(p.name)),
    ),
  );
  if (own.length) {
    const tags = await mapWithConcurrency(own, READ_CONCURRENCY, p =>
      readTags(p.arn),
    );
    own.forEach((policy, i) => {
      policy.tags = tags[i] ?? {};
    });
  }

  // Orphans: policies under the path that no role has attached. Their tags
  // decide whether they are this environment's.
  const attachedArns = new Set(
    roles.flatMap(r => r.managedPolicies.map(p => p.arn)),
  );
  const rolePrefixes = roleNames ? [...roleNames].map(n => `${n}-`) : undefined;
  const orphanCandidates = [...policyDetails.values()].filter(
    p =>
      p.Path === rolePath &&
      (p.AttachmentCount ?? 0) === 0 &&
      !attachedArns.has(p.Arn!) &&
      (!rolePrefixes ||
        rolePrefixes.some(prefix => p.PolicyName!.startsWith(prefix))),
  );
  const orphanTags = await mapWithConcurrency(
    orphanCandidates,
    READ_CONCURRENCY,
    p => readTags(p.Arn!),
  );
  const unattachedPolicies: UnattachedPolicy[] = [];
  orphanCandidates.forEach((policy, i) => {
    const tags = orphanTags[i];
    if (!tags || !isManaged(tags, environment.name)) return;
    unattachedPolicies.push({
      name: policy.PolicyName!,
      arn: policy.Arn!,
      path: policy.Path!,
      document: defaultDocument(policy),
      tags,
      environment: environment.name,
    });
  });
  return { roles, unattachedPolicies };
}
