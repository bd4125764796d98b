/*
 * Applies IAM operations: roles, managed policies (with versions),
 * attachments and inline policies.
 *
 * Every write converges instead of failing on "already there" / "already
 * gone", and re-checks ownership first: a role is Meshport's only when it is
 * tagged `meshport:managed=true` and lies directly under the configured role
 * path; a policy when it is tagged and under the path.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  Policy,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  Role,
  TagPolicyCommand,
  TagRoleCommand,
  UntagPolicyCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
import type { AwsTags } from '../model';
import { tagsToRecord } from '../actual/iam';
import { collectPages } from '../actual/util';
import {
  ApplyContext,
  callAws,
  NotManagedError,
  Outcome,
  SUCCEEDED,
} from './context';
import { syncTags } from './tags';
import {
  AttachmentDetails,
  detailsOf,
  InlinePolicyDetails,
  isManaged,
  ManagedPolicyDetails,
  RoleDetails,
} from './operations';
import { parsePolicyDocument, policyJson, samePolicy } from './policyDocuments';
import {
  errorMessage,
  errorName,
  isNonRetryableError,
  isNoSuchEntityError,
} from './retry';

/** IAM keeps at most five versions of a managed policy. */
export const IAM_MAX_POLICY_VERSIONS = 5;

const toIamTags = (tags: AwsTags) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

const isAlreadyExists = (error: unknown) =>
  errorName(error).startsWith('EntityAlreadyExists');

export async function applyIamOperation(
  operation: ProvisioningOperation,
  ctx: ApplyContext,
): Promise<Outcome> {
  try {
    return await applyIam(operation, ctx);
  } catch (error) {
    if (!isNonRetryableError(error)) throw error;
    // Only a changed plan helps: say which role and which policy IAM refused.
    throw Object.assign(
      new Error(
        `IAM refused ${refusedSubject(operation)} (not retried: the plan must change): ${errorMessage(
          error,
        )}`,
      ),
      { name: errorName(error) },
    );
  }
}

/** "the trust policy of role r", "managed policy p of role r", ... */
function refusedSubject(operation: ProvisioningOperation): string {
  const details = operation.details as { roleName?: string; policyName?: string };
  const role = `role ${details.roleName}`;
  switch (operation.resourceType) {
    case 'iam-role':
      return `the trust policy or settings of ${role}`;
    case 'iam-managed-policy':
      return `managed policy ${details.policyName} of ${role}`;
    case 'iam-role-policy-attachment':
      return `attaching managed policy ${details.policyName} to ${role}`;
    default:
      return `inline policy ${details.policyName} of ${role}`;
  }
}

async function applyIam(
  operation: ProvisioningOperation,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { resourceType, action } = operation;
  switch (resourceType) {
    case 'iam-role': {
      const details = detailsOf<RoleDetails>(operation);
      checkAccount(details.accountId, ctx);
      if (action === 'create') return createRole(details, ctx);
      if (action === 'update') return updateRole(details, ctx);
      return deleteRole(details, ctx);
    }
    case 'iam-managed-policy': {
      const details = detailsOf<ManagedPolicyDetails>(operation);
      checkAccount(details.accountId, ctx);
      if (action === 'create') return createPolicy(details, ctx);
      if (action === 'update') return updatePolicy(details, ctx);
      return deletePolicy(details, ctx);
    }
    case 'iam-role-policy-attachment': {
      const details = detailsOf<AttachmentDetails>(operation);
      return action === 'delete'
        ? detachPolicy(details, ctx)
        : attachPolicy(details, ctx);
    }
    case 'iam-inline-policy': {
      const details = detailsOf<InlinePolicyDetails>(operation);
      return action === 'delete'
        ? deleteInlinePolicy(details, ctx)
        : putInlinePolicy(details, ctx);
    }
    default:
      throw new Error(`Unknown IAM resource type ${resourceType}`);
  }
}

function checkAccount(accountId: string | undefined, ctx: ApplyContext) {
  if (accountId && accountId !== ctx.environment.accountId) {
    throw new Error(
      `The operation is for account ${accountId} but environment ${ctx.environment.name} is account ${ctx.environment.accountId}`,
    );
  }
}

// ---- roles -----------------------------------------------------------------

function isOwnRole(role: Role, ctx: ApplyContext): boolean {
  return (
    isManaged(tagsToRecord(role.Tags), ctx.environment.name) &&
    role.Path === ctx.config.rolePath
  );
}

async function getRole(
  roleName: string,
  ctx: ApplyContext,
): Promise<Role | undefined> {
  try {
    const { Role: role } = await callAws(ctx, () =>
      ctx.clients.iam.send(new GetRoleCommand({ RoleName: roleName })),
    );
    return role;
  } catch (error) {
    if (isNoSuchEntityError(error)) return undefined;
    throw error;
  }
}

/**
 * Whether the role exists and is Meshport's; throws when it exists and is
 * not. Remembered for the run, so each role is checked once.
 */
async function checkRole(
  roleName: string,
  ctx: ApplyContext,
): Promise<'managed' | 'missing'> {
  if (ctx.memory.managedRoles.has(roleName)) return 'managed';
  const role = await getRole(roleName, ctx);
  if (!role) return 'missing';
  if (!isOwnRole(role, ctx)) throw new NotManagedError(`IAM role ${roleName}`, ctx.environment.name);
  ctx.memory.managedRoles.add(roleName);
  return 'managed';
}

async function createRole(
  details: RoleDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { iam } = ctx.clients;
  try {
    await callAws(
      ctx,
      () =>
        iam.send(
          new CreateRoleCommand({
            RoleName: details.roleName,
            Path: details.path,
            AssumeRolePolicyDocument: policyJson(details.trustPolicy),
            Description: details.description,
            MaxSessionDuration: details.maxSessionDuration,
            ...(details.permissionsBoundaryArn
              ? { PermissionsBoundary: details.permissionsBoundaryArn }
              : {}),
            Tags: toIamTags(details.tags),
          }),
        ),
    );
    ctx.memory.managedRoles.add(details.roleName);
    ctx.memory.createdRoles.add(details.roleName);
    return SUCCEEDED;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  // Created by an earlier, interrupted run (or by hand): converge if ours.
  const role = await getRole(details.roleName, ctx);
  if (!role) throw new Error(`Role ${details.roleName} exists and does not`);
  if (!isOwnRole(role, ctx)) {
    throw new NotManagedError(`IAM role ${details.roleName}`, ctx.environment.name);
  }
  ctx.memory.managedRoles.add(details.roleName);
  return convergeRole(role, details, ctx, 'it already existed');
}

async function updateRole(
  details: RoleDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const role = await getRole(details.roleName, ctx);
  if (!role) return createRole(details, ctx);
  if (!isOwnRole(role, ctx)) {
    throw new NotManagedError(`IAM role ${details.roleName}`, ctx.environment.name);
  }
  ctx.memory.managedRoles.add(details.roleName);
  return convergeRole(role, details, ctx);
}

/** Changes only what differs between the role as it is and as desired. */
async function convergeRole(
  role: Role,
  details: RoleDetails,
  ctx: ApplyContext,
  why?: string,
): Promise<Outcome> {
  const { iam } = ctx.clients;
  const name = details.roleName;
  const changed: string[] = [];
  const trust = role.AssumeRolePolicyDocument
    ? parsePolicyDocument(role.AssumeRolePolicyDocument)
    : undefined;
  if (!trust || !samePolicy(trust, details.trustPolicy)) {
    await callAws(
      ctx,
      () =>
        iam.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: name,
            PolicyDocument: policyJson(details.trustPolicy),
          }),
        ),
    );
    changed.push('trust policy');
  }
  if (
    (role.Description ?? '') !== details.description ||
    role.MaxSessionDuration !== details.maxSessionDuration
  ) {
    await callAws(ctx, () =>
      iam.send(
        new UpdateRoleCommand({
          RoleName: name,
          Description: details.description,
          MaxSessionDuration: details.maxSessionDuration,
        }),
      ),
    );
    changed.push('description and session length');
  }
  if (
    details.permissionsBoundaryArn &&
    role.PermissionsBoundary?.PermissionsBoundaryArn !==
      details.permissionsBoundaryArn
  ) {
    await callAws(ctx, () =>
      iam.send(
        new PutRolePermissionsBoundaryCommand({
          RoleName: name,
          PermissionsBoundary: details.permissionsBoundaryArn,
        }),
      ),
    );
    changed.push('permissions boundary');
  }
  await syncTags(
    ctx,
    details.tags,
    tagsToRecord(role.Tags),
    {
      tag: add =>
        iam.send(new TagRoleCommand({ RoleName: name, Tags: toIamTags(add) })),
      untag: keys =>
        iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: keys })),
    },
    changed,
  );
  const note = [
    why,
    changed.length ? `changed ${changed.join(', ')}` : 'nothing to change',
  ]
    .filter(Boolean)
    .join('; ');
  return { status: 'succeeded', note };
}

async function deleteRole(
  details: RoleDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { iam } = ctx.clients;
  const name = details.roleName;
  const role = await getRole(name, ctx);
  if (!role) return { status: 'succeeded', note: 'already gone' };
  if (!isOwnRole(role, ctx)) throw new NotManagedError(`IAM role ${name}`, ctx.environment.name);
  // IAM refuses to delete a role with policies: remove any left over (e.g.
  // added between reading and applying).
  const attached = await collectPages(async token => {
    const page = await callAws(ctx, () =>
      iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: name, Marker: token }),
      ),
    );
    return {
      items: page.AttachedPolicies,
      next: page.IsTruncated ? page.Marker : undefined,
    };
  });
  for (const { PolicyArn } of attached) {
    await ignoreMissing(
      callAws(ctx, () =>
        iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn })),
      ),
    );
  }
  const inline = await collectPages(async token => {
    const page = await callAws(ctx, () =>
      iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker: token })),
    );
    return {
      items: page.PolicyNames,
      next: page.IsTruncated ? page.Marker : undefined,
    };
  });
  for (const policyName of inline) {
    await ignoreMissing(
      callAws(ctx, () =>
        iam.send(
          new DeleteRolePolicyCommand({
            RoleName: name,
            PolicyName: policyName,
          }),
        ),
      ),
    );
  }
  // Nor one in an instance profile (EC2 instances may have used it).
  const profiles = await collectPages(async token => {
    const page = await callAws(ctx, () =>
      iam.send(
        new ListInstanceProfilesForRoleCommand({ RoleName: name, Marker: token }),
      ),
    );
    return {
      items: page.InstanceProfiles,
      next: page.IsTruncated ? page.Marker : undefined,
    };
  });
  for (const { InstanceProfileName } of profiles) {
    await ignoreMissing(
      callAws(ctx, () =>
        iam.send(
          new RemoveRoleFromInstanceProfileCommand({
            RoleName: name,
            InstanceProfileName,
          }),
        ),
      ),
    );
  }
  await ignoreMissing(
    callAws(ctx, () => iam.send(new DeleteRoleCommand({ RoleName: name }))),
  );
  ctx.memory.managedRoles.delete(name);
  return SUCCEEDED;
}

async function ignoreMissing(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (error) {
    if (isNoSuchEntityError(error)) return false;
    throw error;
  }
}

// ---- managed policies --------------------------------------------------------

function isOwnPolicy(policy: Policy, ctx: ApplyContext): boolean {
  return (
    isManaged(tagsToRecord(policy.Tags), ctx.environment.name) &&
    policy.Path === ctx.config.rolePath
  );
}

async function getPolicy(
  arn: string,
  ctx: ApplyContext,
): Promise<Policy | undefined> {
  try {
    const { Policy: policy } = await callAws(ctx, () =>
      ctx.clients.iam.send(new GetPolicyCommand({ PolicyArn: arn })),
    );
    return policy;
  } catch (error) {
    if (isNoSuchEntityError(error)) return undefined;
    throw error;
  }
}

async function createPolicy(
  details: ManagedPolicyDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  if (!details.document)
    throw new Error('The operation carries no policy document');
  try {
    await callAws(ctx, () =>
      ctx.clients.iam.send(
        new CreatePolicyCommand({
          PolicyName: details.policyName,
          Path: details.path,
          PolicyDocument: policyJson(details.document!),
          Description: `Permissions of the Meshport role ${details.roleName}`,
          Tags: toIamTags(details.tags ?? {}),
        }),
      ),
    );
    ctx.memory.createdPolicies.add(details.arn);
    return SUCCEEDED;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const policy = await getPolicy(details.arn, ctx);
  if (!policy) {
    throw new Error(
      `A policy named ${details.policyName} exists, but not at ${details.arn} (another path?)`,
    );
  }
  return convergePolicy(policy, details, ctx, 'it already existed');
}

async function updatePolicy(
  details: ManagedPolicyDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const policy = await getPolicy(details.arn, ctx);
  if (!policy) return createPolicy(details, ctx);
  return convergePolicy(policy, details, ctx);
}

async function convergePolicy(
  policy: Policy,
  details: ManagedPolicyDetails,
  ctx: ApplyContext,
  why?: string,
): Promise<Outcome> {
  const { iam } = ctx.clients;
  if (!isOwnPolicy(policy, ctx)) {
    throw new NotManagedError(`IAM managed policy ${details.policyName}`, ctx.environment.name);
  }
  const changed: string[] = [];
  if (details.document) {
    const { PolicyVersion } = await callAws(ctx, () =>
      iam.send(
        new GetPolicyVersionCommand({
          PolicyArn: details.arn,
          VersionId: policy.DefaultVersionId,
        }),
      ),
    );
    const current = PolicyVersion?.Document
      ? parsePolicyDocument(PolicyVersion.Document)
      : undefined;
    if (!current || !samePolicy(current, details.document)) {
      await createDefaultVersion(
        details.arn,
        policyJson(details.document),
        ctx,
      );
      changed.push('new default version');
    }
  }
  if (details.tags) {
    await syncTags(
      ctx,
      details.tags,
      tagsToRecord(policy.Tags),
      {
        tag: add =>
          iam.send(
            new TagPolicyCommand({
              PolicyArn: details.arn,
              Tags: toIamTags(add),
            }),
          ),
        untag: keys =>
          iam.send(
            new UntagPolicyCommand({ PolicyArn: details.arn, TagKeys: keys }),
          ),
      },
      changed,
    );
  }
  const note = [why, changed.length ? changed.join(', ') : 'nothing to change']
    .filter(Boolean)
    .join('; ');
  return { status: 'succeeded', note };
}

/**
 * A new default version. IAM keeps at most five: the oldest version that is
 * not the default goes first.
 */
async function createDefaultVersion(
  arn: string,
  document: string,
  ctx: ApplyContext,
) {
  const { iam } = ctx.clients;
  const versions = await listPolicyVersions(arn, ctx);
  if (versions.length >= IAM_MAX_POLICY_VERSIONS) {
    const oldest = versions
      .filter(v => !v.IsDefaultVersion)
      .sort(
        (a, b) =>
          (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0),
      )[0];
    if (oldest) {
      await ignoreMissing(
        callAws(ctx, () =>
          iam.send(
            new DeletePolicyVersionCommand({
              PolicyArn: arn,
              VersionId: oldest.VersionId,
            }),
          ),
        ),
      );
    }
  }
  await callAws(ctx, () =>
    iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: arn,
        PolicyDocument: document,
        SetAsDefault: true,
      }),
    ),
  );
}

async function listPolicyVersions(arn: string, ctx: ApplyContext) {
  return collectPages(async token => {
    const page = await callAws(ctx, () =>
      ctx.clients.iam.send(
        new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: token }),
      ),
    );
    return {
      items: page.Versions,
      next: page.IsTruncated ? page.Marker : undefined,
    };
  });
}

async function deletePolicy(
  details: ManagedPolicyDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { iam } = ctx.clients;
  const policy = await getPolicy(details.arn, ctx);
  if (!policy) return { status: 'succeeded', note: 'already gone' };
  if (!isOwnPolicy(policy, ctx)) {
    throw new NotManagedError(`IAM managed policy ${details.policyName}`, ctx.environment.name);
  }
  // IAM deletes the default version with the policy, the others first.
  for (const version of await listPolicyVersions(details.arn, ctx)) {
    if (version.IsDefaultVersion) continue;
    await ignoreMissing(
      callAws(ctx, () =>
        iam.send(
          new DeletePolicyVersionCommand({
            PolicyArn: details.arn,
            VersionId: version.VersionId,
          }),
        ),
      ),
    );
  }
  await ignoreMissing(
    callAws(ctx, () =>
      iam.send(new DeletePolicyCommand({ PolicyArn: details.arn })),
    ),
  );
  return SUCCEEDED;
}

// ---- attachments and inline policies -----------------------------------------

/** NoSuchEntity right after creating the role or policy is IAM catching up. */
function catchingUp(ctx: ApplyContext, roleName: string, policyArn?: string) {
  const fresh =
    ctx.memory.createdRoles.has(roleName) ||
    (!!policyArn && ctx.memory.createdPolicies.has(policyArn));
  return (error: unknown) =>
    fresh && isNoSuchEntityError(error);
}

async function attachPolicy(
  details: AttachmentDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  if ((await checkRole(details.roleName, ctx)) === 'missing') {
    throw new Error(`Role ${details.roleName} does not exist`);
  }
  // Attaching an attached policy succeeds: no need to look first.
  await callAws(
    ctx,
    () =>
      ctx.clients.iam.send(
        new AttachRolePolicyCommand({
          RoleName: details.roleName,
          PolicyArn: details.policyArn,
        }),
      ),
    catchingUp(ctx, details.roleName, details.policyArn),
  );
  return SUCCEEDED;
}

async function detachPolicy(
  details: AttachmentDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  if ((await checkRole(details.roleName, ctx)) === 'missing') {
    return { status: 'succeeded', note: 'the role is gone' };
  }
  const detached = await ignoreMissing(
    callAws(ctx, () =>
      ctx.clients.iam.send(
        new DetachRolePolicyCommand({
          RoleName: details.roleName,
          PolicyArn: details.policyArn,
        }),
      ),
    ),
  );
  return detached
    ? SUCCEEDED
    : { status: 'succeeded', note: 'already detached' };
}

async function putInlinePolicy(
  details: InlinePolicyDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  if (!details.document)
    throw new Error('The operation carries no policy document');
  if ((await checkRole(details.roleName, ctx)) === 'missing') {
    throw new Error(`Role ${details.roleName} does not exist`);
  }
  // Putting the same document again is harmless: PutRolePolicy replaces.
  await callAws(
    ctx,
    () =>
      ctx.clients.iam.send(
        new PutRolePolicyCommand({
          RoleName: details.roleName,
          PolicyName: details.policyName,
          PolicyDocument: policyJson(details.document!),
        }),
      ),
    catchingUp(ctx, details.roleName),
  );
  return SUCCEEDED;
}

async function deleteInlinePolicy(
  details: InlinePolicyDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  if ((await checkRole(details.roleName, ctx)) === 'missing') {
    return { status: 'succeeded', note: 'the role is gone' };
  }
  const deleted = await ignoreMissing(
    callAws(ctx, () =>
      ctx.clients.iam.send(
        new DeleteRolePolicyCommand({
          RoleName: details.roleName,
          PolicyName: details.policyName,
        }),
      ),
    ),
  );
  return deleted ? SUCCEEDED : { status: 'succeeded', note: 'already gone' };
}
