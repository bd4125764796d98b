/*
 * Reads the Athena workgroups of one environment: named `<rolePrefix>-...`
 * and tagged `meshport:managed=true` and `meshport:environment=<name>`. A
 * workgroup whose listed description is the planned one (it ends with a hash
 * of the planned settings and tags, see `withFingerprint`) is as planned: no
 * call of its own, unless `deep`.
 */
import {
  AthenaClient,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  ListWorkGroupsCommand,
  Tag,
} from '@aws-sdk/client-athena';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsAthenaWorkgroup, AwsTags } from '../model';
import { TAG_DATA_PRODUCT } from '../model';
import { isManaged } from '../apply/operations';
import { RetryOptions, withRetry } from '../apply/retry';
import { EnvironmentArns } from '../plan/names';
import {
  compareStrings,
  collectPages,
  mapWithConcurrency,
  tagListToRecord,
} from './util';

const READ_CONCURRENCY = 4;

export function athenaTagsToRecord(tags: Tag[] | undefined): AwsTags {
  return tagListToRecord(tags);
}

export async function readWorkgroups(
  athena: AthenaClient,
  environment: MeshportEnvironment,
  options: {
    rolePrefix: string;
    retry?: RetryOptions;
    /** The plan's workgroups of this environment. */
    planned?: AwsAthenaWorkgroup[];
    /** Read tags and configuration of every candidate. */
    deep?: boolean;
    /** Told how many workgroups the Region holds (for the quota preflight). */
    onListed?: (count: number) => void;
  },
): Promise<AwsAthenaWorkgroup[]> {
  const planned = new Map((options.planned ?? []).map(w => [w.name, w]));
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, options.retry);
  const arns = new EnvironmentArns(environment);
  const summaries = await collectPages(async token => {
    const page = await call(() =>
      athena.send(
        new ListWorkGroupsCommand({ NextToken: token, MaxResults: 50 }),
      ),
    );
    return { items: page.WorkGroups, next: page.NextToken };
  });
  options.onListed?.(summaries.length);
  const candidates = summaries.filter(w =>
    w.Name?.startsWith(`${options.rolePrefix}-`),
  );
  const read = await mapWithConcurrency(
    candidates,
    READ_CONCURRENCY,
    async (summary): Promise<AwsAthenaWorkgroup | undefined> => {
      const name = summary.Name!;
      const wanted = planned.get(name);
      if (!options.deep && wanted && summary.Description === wanted.description) {
        return wanted;
      }
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
