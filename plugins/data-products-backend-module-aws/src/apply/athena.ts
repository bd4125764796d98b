/*
 * Applies Athena workgroup operations: one workgroup per product and
 * environment whose settings users cannot override (result location inside
 * the product's workspace, a per-query scan cutoff).
 */
import {
  CreateWorkGroupCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateWorkGroupCommand,
  WorkGroupConfiguration,
} from '@aws-sdk/client-athena';
import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
import { athenaTagsToRecord } from '../actual/athena';
import { collectPages } from '../actual/util';
import type { AwsTags } from '../model';
import {
  ApplyContext,
  callAws,
  NotManagedError,
  Outcome,
  SUCCEEDED,
} from './context';
import { syncTags } from './tags';
import {
  detailsOf,
  isManaged,
  WorkgroupDetails,
} from './operations';
import { errorMessage, errorName } from './retry';

/** Athena answers "not found" with either error, depending on the API. */
const isNotFound = (error: unknown) =>
  errorName(error) === 'ResourceNotFoundException' ||
  (errorName(error) === 'InvalidRequestException' &&
    /not (be )?found|does not exist/i.test(errorMessage(error)));
const isAlreadyExists = (error: unknown) =>
  errorName(error) === 'InvalidRequestException' &&
  /already (exists|created)/i.test(errorMessage(error));

const toAthenaTags = (tags: AwsTags) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export async function applyAthenaOperation(
  operation: ProvisioningOperation,
  ctx: ApplyContext,
): Promise<Outcome> {
  const details = detailsOf<WorkgroupDetails>(operation);
  if (!details.arn.includes(`:${ctx.environment.accountId}:`)) {
    throw new Error(
      `Workgroup ${details.arn} is not in account ${ctx.environment.accountId} of environment ${ctx.environment.name}`,
    );
  }
  if (operation.action === 'create') return createWorkgroup(details, ctx);
  if (operation.action === 'update') return updateWorkgroup(details, ctx);
  return deleteWorkgroup(details, ctx);
}

async function getTags(details: WorkgroupDetails, ctx: ApplyContext) {
  try {
    const tags = await collectPages(async token => {
      const page = await callAws(ctx, () =>
        ctx.clients.athena.send(
          new ListTagsForResourceCommand({
            ResourceARN: details.arn,
            NextToken: token,
          }),
        ),
      );
      return { items: page.Tags, next: page.NextToken };
    });
    return athenaTagsToRecord(tags);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function configurationOf(details: WorkgroupDetails): WorkGroupConfiguration {
  return {
    ResultConfiguration: { OutputLocation: details.outputLocation },
    EnforceWorkGroupConfiguration: details.enforceWorkGroupConfiguration,
    PublishCloudWatchMetricsEnabled: details.publishCloudWatchMetricsEnabled,
    BytesScannedCutoffPerQuery: details.bytesScannedCutoffPerQuery,
  };
}

async function createWorkgroup(
  details: WorkgroupDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  try {
    await callAws(ctx, () =>
      ctx.clients.athena.send(
        new CreateWorkGroupCommand({
          Name: details.name,
          Description: details.description,
          Configuration: configurationOf(details),
          Tags: toAthenaTags(details.tags ?? {}),
        }),
      ),
    );
    return SUCCEEDED;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const outcome = await updateWorkgroup(details, ctx);
  return outcome.status === 'succeeded'
    ? { status: 'succeeded', note: `it already existed; ${outcome.note}` }
    : outcome;
}

async function updateWorkgroup(
  details: WorkgroupDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { athena } = ctx.clients;
  const tags = await getTags(details, ctx);
  if (!tags) return createWorkgroup(details, ctx);
  if (!isManaged(tags, ctx.environment.name))
    throw new NotManagedError(`Athena workgroup ${details.name}`, ctx.environment.name);
  const changed: string[] = [];
  const { WorkGroup: current } = await callAws(ctx, () =>
    athena.send(new GetWorkGroupCommand({ WorkGroup: details.name })),
  );
  const configuration = current?.Configuration ?? {};
  const configurationDiffers =
    configuration.ResultConfiguration?.OutputLocation !==
      details.outputLocation ||
    configuration.EnforceWorkGroupConfiguration !==
      details.enforceWorkGroupConfiguration ||
    configuration.PublishCloudWatchMetricsEnabled !==
      details.publishCloudWatchMetricsEnabled ||
    configuration.BytesScannedCutoffPerQuery !==
      details.bytesScannedCutoffPerQuery;
  const descriptionDiffers =
    (current?.Description ?? '') !== (details.description ?? '');
  if (configurationDiffers || descriptionDiffers) {
    await callAws(ctx, () =>
      athena.send(
        new UpdateWorkGroupCommand({
          WorkGroup: details.name,
          Description: details.description,
          ConfigurationUpdates: {
            ResultConfigurationUpdates: {
              OutputLocation: details.outputLocation,
            },
            EnforceWorkGroupConfiguration:
              details.enforceWorkGroupConfiguration,
            PublishCloudWatchMetricsEnabled:
              details.publishCloudWatchMetricsEnabled,
            BytesScannedCutoffPerQuery: details.bytesScannedCutoffPerQuery,
          },
        }),
      ),
    );
    if (configurationDiffers) changed.push('configuration');
    if (descriptionDiffers) changed.push('description');
  }
  if (details.tags) {
    await syncTags(
      ctx,
      details.tags,
      tags,
      {
        tag: add =>
          athena.send(
            new TagResourceCommand({
              ResourceARN: details.arn,
              Tags: toAthenaTags(add),
            }),
          ),
        untag: keys =>
          athena.send(
            new UntagResourceCommand({
              ResourceARN: details.arn,
              TagKeys: keys,
            }),
          ),
      },
      changed,
    );
  }
  return {
    status: 'succeeded',
    note: changed.length
      ? `changed ${changed.join(', ')}`
      : 'nothing to change',
  };
}

async function deleteWorkgroup(
  details: WorkgroupDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const tags = await getTags(details, ctx);
  if (!tags) return { status: 'succeeded', note: 'already gone' };
  if (!isManaged(tags, ctx.environment.name))
    throw new NotManagedError(`Athena workgroup ${details.name}`, ctx.environment.name);
  try {
    // The product is gone: its saved queries and query history go with it.
    await callAws(ctx, () =>
      ctx.clients.athena.send(
        new DeleteWorkGroupCommand({
          WorkGroup: details.name,
          RecursiveDeleteOption: true,
        }),
      ),
    );
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return SUCCEEDED;
}
