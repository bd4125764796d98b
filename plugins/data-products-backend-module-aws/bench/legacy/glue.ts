// The per-resource reader Meshport used before GetAccountAuthorizationDetails, kept for `yarn bench` to measure against.
/*
 * Reads the Glue databases Meshport manages in one account's catalog: those
 * tagged `meshport:managed=true`. Tables are never read: Meshport does not
 * manage them.
 */
import {
  GetDatabasesCommand,
  GetTagsCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsGlueDatabase } from '../../src/model';
import { TAG_DATA_PRODUCT } from '../../src/model';
import { isManaged } from '../../src/apply/operations';
import { RetryOptions, withRetry } from '../../src/apply/retry';
import { EnvironmentArns } from '../../src/plan/names';
import { compareStrings, collectPages, mapWithConcurrency } from '../../src/actual/util';

const READ_CONCURRENCY = 4;

export async function readGlueDatabases(
  glue: GlueClient,
  environment: MeshportEnvironment,
  options: { retry?: RetryOptions } = {},
): Promise<AwsGlueDatabase[]> {
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, options.retry);
  const arns = new EnvironmentArns(environment);
  const databases = await collectPages(async token => {
    const page = await call(() =>
      glue.send(
        new GetDatabasesCommand({
          CatalogId: environment.accountId,
          NextToken: token,
        }),
      ),
    );
    return { items: page.DatabaseList, next: page.NextToken };
  });
  const read = await mapWithConcurrency(
    databases,
    READ_CONCURRENCY,
    async (database): Promise<AwsGlueDatabase | undefined> => {
      const arn = arns.glueDatabase(database.Name!);
      const { Tags } = await call(() =>
        glue.send(new GetTagsCommand({ ResourceArn: arn })),
      );
      const tags = { ...(Tags ?? {}) };
      if (!isManaged(tags, environment.name)) return undefined;
      return {
        environment: environment.name,
        name: database.Name!,
        catalogId: database.CatalogId ?? environment.accountId,
        arn,
        dataProduct: tags[TAG_DATA_PRODUCT] ?? '',
        description: database.Description ?? '',
        tags,
      };
    },
  );
  return read
    .filter((d): d is AwsGlueDatabase => !!d)
    .sort((a, b) => compareStrings(a.name, b.name));
}
