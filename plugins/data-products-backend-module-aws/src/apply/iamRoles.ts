/*
 * Applies IAM role operations: create, converge (trust policy, settings,
 * tags, permissions boundary) and delete a Meshport role. A role is
 * Meshport's only when tagged `meshport:managed=true` directly under the
 * configured role path; checked before every write.
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  RemoveRoleFromInstanceProfileCommand,
  Role,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
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
import { RoleDetails } from './operations';
import { parsePolicyDocument, policyJson, samePolicy } from './policyDocuments';
import {
  toIamTags,
  isAlreadyExists,
  ignoreMissing,
  isOwnIamResource,
  unlessMissing,
} from './iamCalls';

// ---- roles -----------------------------------------------------------------

const isOwnRole = isOwnIamResource;

/** Refuses a role that is not Meshport's; remembers it as managed for the run. */
function claimRole(role: Role, roleName: string, ctx: ApplyContext): void {
  if (!isOwnRole(role, ctx)) {
    throw new NotManagedError(`IAM role ${roleName}`, ctx.environment.name);
  }
  ctx.memory.managedRoles.add(roleName);
}

async function getRole(
  roleName: string,
  ctx: ApplyContext,
): Promise<Role | undefined> {
  const answer = await unlessMissing(
    callAws(ctx, () =>
      ctx.clients.iam.send(new GetRoleCommand({ RoleName: roleName })),
    ),
  );
  return answer?.Role;
}

/**
 * Whether the role exists and is Meshport's; throws when it exists and is
 * not. Remembered for the run, so each role is checked once.
 */
export async function checkRole(
  roleName: string,
  ctx: ApplyContext,
): Promise<'managed' | 'missing'> {
  if (ctx.memory.managedRoles.has(roleName)) return 'managed';
  const role = await getRole(roleName, ctx);
  if (!role) return 'missing';
  if (!isOwnRole(role, ctx))
    throw new NotManagedError(`IAM role ${roleName}`, ctx.environment.name);
  ctx.memory.managedRoles.add(roleName);
  return 'managed';
}

export async function createRole(
  details: RoleDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { iam } = ctx.clients;
  try {
    await callAws(ctx, () =>
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
  claimRole(role, details.roleName, ctx);
  return convergeRole(role, details, ctx, 'it already existed');
}

export async function updateRole(
  details: RoleDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const role = await getRole(details.roleName, ctx);
  if (!role) return createRole(details, ctx);
  claimRole(role, details.roleName, ctx);
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
    await callAws(ctx, () =>
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

export async function deleteRole(
  details: RoleDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { iam } = ctx.clients;
  const name = details.roleName;
  const role = await getRole(name, ctx);
  if (!role) return { status: 'succeeded', note: 'already gone' };
  if (!isOwnRole(role, ctx))
    throw new NotManagedError(`IAM role ${name}`, ctx.environment.name);
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
        new ListInstanceProfilesForRoleCommand({
          RoleName: name,
          Marker: token,
        }),
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
