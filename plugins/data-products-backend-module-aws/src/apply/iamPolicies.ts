/*
 * Applies IAM managed policy operations: create, converge (a new default
 * version, at most five kept) and delete a Meshport policy (tagged and under
 * the role path, checked before every write).
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListPolicyVersionsCommand,
  Policy,
  TagPolicyCommand,
  UntagPolicyCommand,
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
import { ManagedPolicyDetails } from './operations';
import { parsePolicyDocument, policyJson, samePolicy } from './policyDocuments';
import {
  toIamTags,
  isAlreadyExists,
  ignoreMissing,
  isOwnIamResource,
  unlessMissing,
} from './iamCalls';

/** IAM keeps at most five versions of a managed policy. */
export const IAM_MAX_POLICY_VERSIONS = 5;

// ---- managed policies --------------------------------------------------------

const isOwnPolicy = isOwnIamResource;

async function getPolicy(
  arn: string,
  ctx: ApplyContext,
): Promise<Policy | undefined> {
  const answer = await unlessMissing(
    callAws(ctx, () =>
      ctx.clients.iam.send(new GetPolicyCommand({ PolicyArn: arn })),
    ),
  );
  return answer?.Policy;
}

export async function createPolicy(
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

export async function updatePolicy(
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
    throw new NotManagedError(
      `IAM managed policy ${details.policyName}`,
      ctx.environment.name,
    );
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

export async function deletePolicy(
  details: ManagedPolicyDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { iam } = ctx.clients;
  const policy = await getPolicy(details.arn, ctx);
  if (!policy) return { status: 'succeeded', note: 'already gone' };
  if (!isOwnPolicy(policy, ctx)) {
    throw new NotManagedError(
      `IAM managed policy ${details.policyName}`,
      ctx.environment.name,
    );
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
