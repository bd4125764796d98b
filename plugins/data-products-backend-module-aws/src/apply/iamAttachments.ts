/*
 * Applies attachments of managed policies to roles and inline role
 * policies, converging on "already attached" / "already gone".
 */
import {
  AttachRolePolicyCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ApplyContext, callAws, Outcome, SUCCEEDED } from './context';
import { AttachmentDetails, InlinePolicyDetails } from './operations';
import { policyJson } from './policyDocuments';
import { isNoSuchEntityError } from './retry';
import { ignoreMissing } from './iamCalls';
import { checkRole } from './iamRoles';

// ---- attachments and inline policies -----------------------------------------

/** NoSuchEntity right after creating the role or policy is IAM catching up. */
function catchingUp(ctx: ApplyContext, roleName: string, policyArn?: string) {
  const fresh =
    ctx.memory.createdRoles.has(roleName) ||
    (!!policyArn && ctx.memory.createdPolicies.has(policyArn));
  return (error: unknown) =>
    fresh && isNoSuchEntityError(error);
}

export async function attachPolicy(
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

export async function detachPolicy(
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

export async function putInlinePolicy(
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

export async function deleteInlinePolicy(
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
