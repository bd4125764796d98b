/*
 * Applies Glue database operations. Meshport creates the databases a single
 * product owns, keeps their description and tags, and deletes them only
 * when they hold no tables: dropping a catalog with tables is a data
 * decision for people (retirement archives first), not for a reconciler.
 */
import {
  CreateDatabaseCommand,
  DeleteDatabaseCommand,
  GetDatabaseCommand,
  GetTablesCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDatabaseCommand,
} from '@aws-sdk/client-glue';
import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
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
  GlueDatabaseDetails,
  isManaged,
} from './operations';
import { errorName } from './retry';

const isNotFound = (error: unknown) =>
  errorName(error) === 'EntityNotFoundException';
const isAlreadyExists = (error: unknown) =>
  errorName(error) === 'AlreadyExistsException';

export async function applyGlueOperation(
  operation: ProvisioningOperation,
  ctx: ApplyContext,
): Promise<Outcome> {
  const details = detailsOf<GlueDatabaseDetails>(operation);
  if (details.catalogId !== ctx.environment.accountId) {
    throw new Error(
      `The operation is for catalog ${details.catalogId} but environment ${ctx.environment.name} is account ${ctx.environment.accountId}`,
    );
  }
  if (operation.action === 'create') return createDatabase(details, ctx);
  if (operation.action === 'update') return updateDatabase(details, ctx);
  return deleteDatabase(details, ctx);
}

/** The database's tags, or undefined when it does not exist. */
async function getTags(details: GlueDatabaseDetails, ctx: ApplyContext) {
  try {
    const { Tags } = await callAws(ctx, () =>
      ctx.clients.glue.send(new GetTagsCommand({ ResourceArn: details.arn })),
    );
    return Tags ?? {};
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function createDatabase(
  details: GlueDatabaseDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  try {
    await callAws(ctx, () =>
      ctx.clients.glue.send(
        new CreateDatabaseCommand({
          CatalogId: details.catalogId,
          DatabaseInput: {
            Name: details.name,
            Description: details.description,
          },
          Tags: details.tags,
        }),
      ),
    );
    return SUCCEEDED;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const outcome = await updateDatabase(details, ctx);
  return outcome.status === 'succeeded'
    ? { status: 'succeeded', note: `it already existed; ${outcome.note}` }
    : outcome;
}

async function updateDatabase(
  details: GlueDatabaseDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { glue } = ctx.clients;
  const tags = await getTags(details, ctx);
  if (!tags) return createDatabase(details, ctx);
  if (!isManaged(tags, ctx.environment.name))
    throw new NotManagedError(`Glue database ${details.name}`, ctx.environment.name);
  const changed: string[] = [];
  const { Database: database } = await callAws(ctx, () =>
    glue.send(
      new GetDatabaseCommand({
        CatalogId: details.catalogId,
        Name: details.name,
      }),
    ),
  );
  if (
    details.description !== undefined &&
    (database?.Description ?? '') !== details.description
  ) {
    // UpdateDatabase replaces the whole definition: keep everything else.
    await callAws(ctx, () =>
      glue.send(
        new UpdateDatabaseCommand({
          CatalogId: details.catalogId,
          Name: details.name,
          DatabaseInput: {
            Name: details.name,
            Description: details.description,
            LocationUri: database?.LocationUri,
            Parameters: database?.Parameters,
            CreateTableDefaultPermissions:
              database?.CreateTableDefaultPermissions,
            TargetDatabase: database?.TargetDatabase,
            FederatedDatabase: database?.FederatedDatabase,
          },
        }),
      ),
    );
    changed.push('description');
  }
  if (details.tags) {
    await syncTags(
      ctx,
      details.tags,
      tags,
      {
        tag: add =>
          glue.send(
            new TagResourceCommand({
              ResourceArn: details.arn,
              TagsToAdd: add,
            }),
          ),
        untag: keys =>
          glue.send(
            new UntagResourceCommand({
              ResourceArn: details.arn,
              TagsToRemove: keys,
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

async function deleteDatabase(
  details: GlueDatabaseDetails,
  ctx: ApplyContext,
): Promise<Outcome> {
  const { glue } = ctx.clients;
  const tags = await getTags(details, ctx);
  if (!tags) return { status: 'succeeded', note: 'already gone' };
  if (!isManaged(tags, ctx.environment.name))
    throw new NotManagedError(`Glue database ${details.name}`, ctx.environment.name);
  const { TableList } = await callAws(ctx, () =>
    glue.send(
      new GetTablesCommand({
        CatalogId: details.catalogId,
        DatabaseName: details.name,
        MaxResults: 1,
      }),
    ),
  );
  if (TableList?.length) {
    throw new Error(
      `Glue database ${details.name} still holds tables; Meshport deletes only empty databases: archive and drop the tables first, or remove the tag meshport:managed to keep it`,
    );
  }
  try {
    await callAws(ctx, () =>
      glue.send(
        new DeleteDatabaseCommand({
          CatalogId: details.catalogId,
          Name: details.name,
        }),
      ),
    );
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return SUCCEEDED;
}
