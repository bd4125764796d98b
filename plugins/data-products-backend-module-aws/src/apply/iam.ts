/*
 * Applies IAM operations: roles, managed policies (with versions),
 * attachments and inline policies.
 *
 * Every write converges instead of failing on "already there" / "already
 * gone", and re-checks ownership first: a role is Meshport's only when it is
 * tagged `meshport:managed=true` and lies directly under the configured role
 * path; a policy when it is tagged and under the path.
 */
import type {
  ProvisioningOperation,
} from '@meshport/plugin-data-products-node';
import { ApplyContext, Outcome } from './context';
import {
  AttachmentDetails,
  detailsOf,
  InlinePolicyDetails,
  ManagedPolicyDetails,
  RoleDetails,
} from './operations';
import { errorMessage, errorName, isNonRetryableError } from './retry';
import { createRole, updateRole, deleteRole } from './iamRoles';
import { createPolicy, updatePolicy, deletePolicy } from './iamPolicies';
import { attachPolicy, detachPolicy, putInlinePolicy, deleteInlinePolicy } from './iamAttachments';

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
