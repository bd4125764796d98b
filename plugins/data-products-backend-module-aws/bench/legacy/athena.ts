// The per-resource reader Meshport used before GetAccountAuthorizationDetails, kept for `yarn bench` to measure against.
/*
 * Reads the Athena workgroups Meshport manages in one account and region:
 * named `<rolePrefix>-...` and tagged `meshport:managed=true`.
 */
import {
  AthenaClient,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  ListWorkGroupsCommand,
  Tag,
} from '@aws-sdk/client-athena';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsAthenaWorkgroup, AwsTags } from '../../src/model';
import { TAG_DATA_PRODUCT } from '../../src/model';
import { isManaged } from '../../src/apply/operations';
import { RetryOptions, withRetry } from '../../src/apply/retry';
import { EnvironmentArns } from '../../src/plan/names';
import { compareStrings, collectPages, mapWithConcurrency } from '../../src/actual/util';

const READ_CONCURRENCY = 4;

export function athenaTagsToRecord(tags: Tag[] | undefined): AwsTags {
  const result: AwsTags = {};
  for (const { Key, Value } of tags ?? []) {
    if (Key !== undefined) result[Key] = Value ?? '';
  }
  return result;
}

export async function readWorkgroups(
  athena: AthenaClient,
  environment: MeshportEnvironment,
  options: { rolePrefix: string; retry?: RetryOptions },
): Promise<AwsAthenaWorkgroup[]> {
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, options.retry);
  const arns = new EnvironmentArns(environment);
  const summaries = await collectPages(async token => {
    const page = await call(() =>
      athena.send(new ListWorkGroupsCommand({ NextToken: token })),
    );
    return { items: page.WorkGroups, next: page.NextToken };
  });
  const candidates = summaries.filter(w =>
    w.Name?.startsWith(`${options.rolePrefix}-`),
  );
  const read = await mapWithConcurrency(
    candidates,
    READ_CONCURRENCY,
    async (summary): Promise<AwsAthenaWorkgroup | undefined> => {
      const name = summary.Name!;
      const arn = arns.athenaWorkgroup(name);
      const tagList = await collectPages(async token => {
        const page = await call(() =>
          athena.send(
            new ListTagsForResourceCommand({
              ResourceARN: arn,
              NextToken: token,
            }),
          ),
        );
        return { items: page.Tags, next: page.NextToken };
      });
      const tags = athenaTagsToRecord(tagList);
      if (!isManaged(tags, environment.name)) return undefined;
      const { WorkGroup } = await call(() =>
        athena.send(new GetWorkGroupCommand({ WorkGroup: name })),
      );
      const configuration = WorkGroup?.Configuration ?? {};
      return {
        environment: environment.name,
        name,
        arn,
        dataProduct: tags[TAG_DATA_PRODUCT] ?? '',
        outputLocation: configuration.ResultConfiguration?.OutputLocation ?? '',
        bytesScannedCutoffPerQuery:
          configuration.BytesScannedCutoffPerQuery ?? 0,
        // The model types the desired flag as always true; the actual one is
        // whatever AWS holds, so the differ can restore it after a hand edit.
        enforceWorkGroupConfiguration:
          (configuration.EnforceWorkGroupConfiguration ?? false) as true,
        publishCloudWatchMetricsEnabled:
          configuration.PublishCloudWatchMetricsEnabled ?? false,
        description: WorkGroup?.Description ?? '',
        tags,
      };
    },
  );
  return read
    .filter((w): w is AwsAthenaWorkgroup => !!w)
    .sort((a, b) => compareStrings(a.name, b.name));
}
