/*
 * Who still uses a retiring product (grants, declared consumers, reads) and
 * when it was last active: the Retirement tab's usage, the confirmation's
 * check and the consumers the start notice goes to.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  RetirementActivity,
  RetirementConsumer,
  RetirementUsage,
} from '@meshport/plugin-data-products-common';
import type {
  AccessGrantsService,
  ConsumersService,
  DatasetReadsService,
} from '../features';
import { stringifyError } from '@backstage/errors';
import { lower, RetirementProvisioning } from './shared';
import { refName, requestActivity, runActivity } from './words';

/** Where usage comes from. */
export interface UsageSources {
  accessGrants: AccessGrantsService;
  provisioning: Pick<RetirementProvisioning, 'latestRunOf'>;
  datasetReads?: DatasetReadsService;
  consumers?: ConsumersService;
  logger: LoggerService;
}

/** Who still uses the product, and when it was last active. */
export async function readUsage(
  deps: UsageSources,
  productRef: string,
  datasets: string[],
): Promise<RetirementUsage> {
  const [active, inputs, latestRun, reads, model] = await Promise.all([
    datasets.length
      ? deps.accessGrants.listActiveForDatasets(datasets)
      : Promise.resolve([]),
    deps.accessGrants.listActiveForConsumer(productRef),
    deps.provisioning.latestRunOf(productRef).catch(() => undefined),
    deps.datasetReads?.summarizeReads(productRef).catch(() => undefined),
    datasets.length && deps.consumers
      ? deps.consumers.consumersOf(datasets).catch(error => {
          deps.logger.warn(
            `Could not read the declared consumers of ${productRef}: ${stringifyError(
              error,
            )}`,
          );
          return [];
        })
      : Promise.resolve([]),
  ]);
  const byConsumer = new Map<string, RetirementConsumer>();
  for (const request of active) {
    const key = lower(request.consumer);
    let consumer = byConsumer.get(key);
    if (!consumer) {
      consumer = { consumer: key, grants: [] };
      byConsumer.set(key, consumer);
    }
    consumer.grants.push({
      requestId: request.id,
      dataset: lower(request.dataset),
      environments: request.environments,
      status: request.status === 'granted' ? 'granted' : 'approved',
      requester: request.requester,
      ...(request.validUntil ? { validUntil: request.validUntil } : {}),
      since: request.decidedAt ?? request.createdAt,
    });
  }
  // The model adds who declares an input port (or reads) without a grant.
  const datasetTitles = new Map<string, string>();
  const consumerTitles = new Map<string, string>();
  for (const entry of model) {
    datasetTitles.set(entry.dataset, entry.datasetTitle);
    consumerTitles.set(entry.consumer, entry.consumerTitle);
    let consumer = byConsumer.get(entry.consumer);
    if (!consumer) {
      consumer = { consumer: entry.consumer, grants: [] };
      byConsumer.set(entry.consumer, consumer);
    }
    consumer.title = entry.consumerTitle;
    consumer.declared = consumer.declared || entry.declared;
    if (!entry.grantedEnvironments.length) {
      consumer.datasets = [
        ...new Set([...(consumer.datasets ?? []), entry.dataset]),
      ];
    }
  }
  const lastActivity: RetirementActivity[] = [];
  const newestRequest = [...active, ...inputs].sort((a, b) =>
    b.updatedAt.localeCompare(a.updatedAt),
  )[0];
  if (newestRequest) {
    // One of the product's own inputs: its dataset is another product's, so
    // the pair's titles come from the model of that dataset.
    const pair = await titlesOfPair(deps, newestRequest, consumerTitles);
    lastActivity.push({
      source: 'access-request',
      at: newestRequest.updatedAt,
      description: requestActivity(
        consumerTitles.get(lower(newestRequest.consumer)) ??
          pair?.consumerTitle ??
          refName(newestRequest.consumer),
        datasetTitles.get(lower(newestRequest.dataset)) ??
          pair?.datasetTitle ??
          refName(newestRequest.dataset),
        newestRequest.status,
      ),
    });
  }
  if (latestRun) {
    lastActivity.push({
      source: 'provisioning-run',
      at: latestRun.finishedAt ?? latestRun.startedAt ?? latestRun.createdAt,
      description: runActivity(
        latestRun.trigger,
        latestRun.mode,
        latestRun.status,
      ),
    });
  }
  lastActivity.sort((a, b) => b.at.localeCompare(a.at));
  return {
    consumers: [...byConsumer.values()].sort((a, b) =>
      a.consumer.localeCompare(b.consumer),
    ),
    inputGrants: inputs.length,
    ...(datasetTitles.size
      ? {
          datasetTitles: [...datasetTitles].map(([ref, title]) => ({
            ref,
            title,
          })),
        }
      : {}),
    lastActivity,
    ...(reads ? { reads } : {}),
  };
}

/** The titles of a request's pair the product's own model lacks (an input), if the model knows them. */
async function titlesOfPair(
  deps: UsageSources,
  request: { consumer: string; dataset: string },
  consumerTitles: Map<string, string>,
): Promise<{ consumerTitle: string; datasetTitle: string } | undefined> {
  if (!deps.consumers || consumerTitles.has(lower(request.consumer))) {
    return undefined;
  }
  const pairs = await deps.consumers
    .consumersOf([request.dataset])
    .catch(() => []);
  return pairs.find(
    p =>
      lower(p.consumer) === lower(request.consumer) &&
      lower(p.dataset) === lower(request.dataset),
  );
}
