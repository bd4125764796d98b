/*
 * Usage collection: asks the installed usage collectors (e.g. AWS Athena
 * query history) for reads per consumer per day and stores their counts
 * beside the reads seen in lineage events. Apply mode only: in plan mode
 * Meshport never calls the cloud.
 */
import { stringifyError } from '@backstage/errors';
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { UsageCollector } from '@meshport/plugin-data-products-node';
import { readMeshEntities } from './CachedCatalogIndex';
import type { LineageStore } from './LineageStore';
import { lower } from './naming';
import { DAY_MS } from '../lib/time';

export const USAGE_COLLECTION_TASK_ID = 'data-products-usage-collect';

/** Days collected again on every run: today and the days before, as they fill up. */
const DAYS_AGAIN = 2;

/** Collectors that modules add before the plugin starts; ids are unique. */
export class UsageCollectors {
  readonly #byId = new Map<string, UsageCollector>();
  #locked = false;

  add(collector: UsageCollector) {
    if (this.#locked || !collector.id || this.#byId.has(collector.id)) {
      throw new Error(
        `Usage collector '${collector.id}' cannot be added: ${
          this.#locked
            ? 'the data-products plugin has started'
            : 'its id is missing or already taken'
        }`,
      );
    }
    this.#byId.set(collector.id, collector);
  }

  lock(): UsageCollector[] {
    this.#locked = true;
    return [...this.#byId.values()];
  }
}

export async function collectUsage(options: {
  collectors: UsageCollector[];
  catalog: CatalogService;
  auth: AuthService;
  store: Pick<LineageStore, 'putUsage'>;
  logger: LoggerService;
  now: Date;
  signal?: AbortSignal;
}): Promise<{ rows: number; failed: string[] }> {
  const { collectors, catalog, auth, store, logger, now } = options;
  const { products, datasets } = await readMeshEntities(catalog, auth);
  const since = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) -
      DAYS_AGAIN * DAY_MS,
  );
  let rows = 0;
  const failed: string[] = [];
  for (const collector of collectors) {
    try {
      const reads = await collector.collect({
        products,
        datasets,
        since,
        signal: options.signal,
      });
      await store.putUsage(
        reads.map(r => ({
          datasetRef: lower(r.dataset),
          consumer: lower(r.consumer),
          day: r.day,
          source: collector.id,
          reads: r.reads,
        })),
        now,
      );
      rows += reads.length;
    } catch (error) {
      failed.push(collector.id);
      logger.warn(
        `Usage collector ${
          collector.id
        } failed; its counts stay as they were: ${stringifyError(error)}`,
      );
    }
  }
  return { rows, failed };
}
