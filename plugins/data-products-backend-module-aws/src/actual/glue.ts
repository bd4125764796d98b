/*
 * Reads the Glue databases of one environment: those tagged
 * `meshport:managed=true` and `meshport:environment=<name>`. Tables are
 * never read: Meshport does not manage them.
 *
 * Narrowed before tags are fetched: only databases the plan names or whose
 * description says Meshport manages them are candidates. A candidate whose
 * listed description is the planned one (it ends with a hash of the planned
 * settings and tags, see `withFingerprint`) is as planned: no tag read,
 * unless `deep`.
 */
import {
  GetDatabasesCommand,
  GetTagsCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsGlueDatabase } from '../model';
import { TAG_DATA_PRODUCT } from '../model';
import { isManaged } from '../apply/operations';
import { RetryOptions, withRetry } from '../apply/retry';
import { EnvironmentArns } from '../plan/names';
import { compareStrings, collectPages, mapWithConcurrency } from './util';

const READ_CONCURRENCY = 4;
/** What the planner writes in the description of every database it plans. */
export const GLUE_MANAGED_MARKER = 'managed by Meshport';

export async function readGlueDatabases(
  glue: GlueClient,
  environment: MeshportEnvironment,
  options: {
    retry?: RetryOptions;
    /** The plan's databases of this environment. */
    planned?: AwsGlueDatabase[];
    /** Read the tags of every candidate. */
    deep?: boolean;
    /** Told how many databases the catalog holds (for the quota preflight). */
    onListed?: (count: number) => void;
  } = {},
): Promise<AwsGlueDatabase[]> {
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, options.retry);
  const arns = new EnvironmentArns(environment);
  const planned = new Map((options.planned ?? []).map(d => [d.name, d]));
  const databases = await collectPages(async token => {
    const page = await call(() =>
      glue.send(
        new GetDatabasesCommand({
          CatalogId: environment.accountId,
          NextToken: token,
          MaxResults: 100,
        }),
      ),
    );
    return { items: page.DatabaseList, next: page.NextToken };
  });
  options.onListed?.(databases.length);
  const candidates = databases.filter(
    d =>
      planned.has(d.Name!) ||
      (d.Description ?? '').includes(GLUE_MANAGED_MARKER),
  );
  const read = await mapWithConcurrency(
    candidates,
    READ_CONCURRENCY,
    async (database): Promise<AwsGlueDatabase | undefined> => {
      const name = database.Name!;
      const wanted = planned.get(name);
      if (!options.deep && wanted && database.Description === wanted.description) {
        return { ...wanted, catalogId: database.CatalogId ?? wanted.catalogId };
      }
      const arn = arns.glueDatabase(name);
      const { Tags } = await call(() =>
        glue.send(new GetTagsCommand({ ResourceArn: arn })),
      );
      const tags = { ...(Tags ?? {}) };
      if (!isManaged(tags, environment.name)) return undefined;
      return {
        environment: environment.name,
        name,
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
