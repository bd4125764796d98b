/*
 * An SLI collector reading the Glue Data Catalog: for every Dataset with a
 * Glue table output, in one environment (the production one),
 *
 * - availability: one check per collection, available when every table of
 *   the dataset can be read (`GetTable`); a missing table
 *   (EntityNotFoundException) is unavailable;
 * - update: the table's `UpdateTime` when it is newer than the last
 *   collection, with the row count from the table parameters (`numRows`, set
 *   by Spark/Athena statistics, or `recordCount`, set by Glue crawlers).
 *
 * Other errors (access denied, throttling after the SDK's retries) say
 * nothing about the data: that table is skipped and logged. When every call
 * fails, the collection fails, so the backend retries it from the same point.
 *
 * The data-products backend only runs collectors in `apply` mode.
 */
import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type {
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import type {
  Measurement,
  SliCollector,
} from '@meshport/plugin-data-products-node';
import { createAwsClients, verifyAccount } from '../apply/clients';
import { AwsProvisionerConfig, DEFAULT_AWS_CONFIG } from '../config';
import { mapWithConcurrency } from '../actual/util';
import { stringifyError } from '@backstage/errors';

const READ_CONCURRENCY = 4;

export interface GlueSliCollectorOptions {
  /** The environment whose Glue catalog holds the data consumers read. */
  environment: MeshportEnvironment;
  logger: LoggerService;
  /**
   * `meshport.aws`, for the endpoint and the environment's credentials
   * (`meshport.environments[].aws`); without it, the default credentials.
   */
  config?: AwsProvisionerConfig;
  /** For tests. */
  clock?: () => Date;
}

/**
 * `meshport.aws.sliCollector.environment`, or else the first environment
 * that reads from no other (production, which others read from), or else
 * the first one. Undefined without environments.
 */
export function resolveSliEnvironment(
  config: Config,
  environments: MeshportEnvironment[],
): MeshportEnvironment | undefined {
  const key = 'meshport.aws.sliCollector.environment';
  const name = config.getOptionalString(key);
  if (name !== undefined) {
    const found = environments.find(e => e.name === name);
    if (!found) {
      throw new Error(
        `Invalid config at '${key}': unknown environment ${JSON.stringify(
          name,
        )} (configured: ${environments.map(e => e.name).join(', ')})`,
      );
    }
    return found;
  }
  return environments.find(e => e.readsFrom.length === 0) ?? environments[0];
}

/** A non-negative integer from a Glue table parameter, or undefined. */
export function parseRowCount(
  parameters: Record<string, string> | undefined,
): number | undefined {
  for (const key of ['numRows', 'recordCount']) {
    const text = parameters?.[key];
    if (text !== undefined && /^\d+$/.test(text.trim())) {
      const value = Number(text.trim());
      if (Number.isSafeInteger(value)) {
        return value;
      }
    }
  }
  return undefined;
}

interface TableRead {
  dataset: string;
  available: boolean;
  updateTime?: Date;
  rowCount?: number;
  error?: unknown;
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: string })?.name === 'EntityNotFoundException';
}

export class GlueSliCollector implements SliCollector {
  readonly id = 'aws-glue';
  private client?: GlueClient;

  constructor(private readonly options: GlueSliCollectorOptions) {}

  /** The environment's Glue client, once STS confirmed its account (with a config). */
  private async glue(): Promise<GlueClient> {
    if (!this.client) {
      const { config, environment } = this.options;
      const { glue, sts, ...others } = createAwsClients(
        environment,
        config ?? DEFAULT_AWS_CONFIG,
      );
      for (const other of Object.values(others)) other.destroy();
      try {
        if (config) await verifyAccount({ sts }, environment);
      } catch (error) {
        glue.destroy();
        throw error;
      } finally {
        sts.destroy();
      }
      this.client = glue;
    }
    return this.client;
  }

  async collect(
    datasets: DatasetEntity[],
    since: Date,
  ): Promise<Measurement[]> {
    const now = (this.options.clock ?? (() => new Date()))();
    const { environment, logger } = this.options;
    const tables = datasets.flatMap(entity =>
      (entity.spec.outputs ?? []).flatMap(output =>
        output.type === 'glue' && output.table
          ? [
              {
                dataset: stringifyEntityRef(entity),
                database: output.database,
                table: output.table,
              },
            ]
          : [],
      ),
    );
    if (tables.length === 0) {
      return [];
    }

    const glue = await this.glue();
    const reads = await mapWithConcurrency(
      tables,
      READ_CONCURRENCY,
      async ({ dataset, database, table }): Promise<TableRead> => {
        try {
          const { Table } = await glue.send(
            new GetTableCommand({
              CatalogId: environment.accountId,
              DatabaseName: database,
              Name: table,
            }),
          );
          return {
            dataset,
            available: true,
            updateTime: Table?.UpdateTime ?? Table?.CreateTime,
            rowCount: parseRowCount(Table?.Parameters),
          };
        } catch (error) {
          if (isNotFound(error)) {
            return { dataset, available: false };
          }
          logger.warn(
            `Glue SLI collector could not read ${database}.${table} in ${
              environment.name
            } for ${dataset}: ${stringifyError(error)}`,
          );
          return { dataset, available: false, error };
        }
      },
    );
    const failed = reads.filter(r => r.error !== undefined);
    if (failed.length === reads.length) {
      throw failed[0].error;
    }

    const measurements: Measurement[] = [];
    const at = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
    const byDataset = new Map<string, TableRead[]>();
    for (const read of reads) {
      byDataset.set(read.dataset, [
        ...(byDataset.get(read.dataset) ?? []),
        read,
      ]);
    }
    for (const [dataset, datasetReads] of byDataset) {
      const judged = datasetReads.filter(r => r.error === undefined);
      if (judged.length === 0) {
        continue; // nothing known about this dataset this time
      }
      measurements.push({
        dataset,
        kind: 'availability',
        at,
        available: judged.every(r => r.available),
        environment: environment.name,
      });
      const seen = new Set<number>();
      for (const read of judged) {
        const time = read.updateTime?.getTime();
        if (time === undefined || time <= since.getTime() || seen.has(time)) {
          continue;
        }
        seen.add(time);
        measurements.push({
          dataset,
          kind: 'update',
          at: new Date(time).toISOString(),
          ...(read.rowCount !== undefined ? { rowCount: read.rowCount } : {}),
          environment: environment.name,
        });
      }
    }
    return measurements;
  }
}
