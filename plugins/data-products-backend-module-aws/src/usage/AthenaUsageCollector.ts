/*
 * Usage from Athena: each product queries through its own workgroup per
 * environment (`<prefix>-<product>-<env>`, planned by the provisioner), so
 * the workgroup's query history says which tables each product read, per day.
 * ListQueryExecutions (newest first) is paged until a query is older than
 * `since`; the queries' texts come from BatchGetQueryExecution, 50 at a time.
 */
import {
  AthenaClient,
  BatchGetQueryExecutionCommand,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
  QueryExecution,
} from '@aws-sdk/client-athena';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import type {
  DatasetReads,
  UsageCollector,
} from '@meshport/plugin-data-products-node';
import { workgroupName } from '../plan/names';
import { datasetOfTable, glueTableIndex, tablesInQuery } from './queries';

/** The most ListQueryExecutions pages read per workgroup and run (50 queries each). */
const MAX_PAGES = 200;

export interface AthenaUsageCollectorOptions {
  environments: MeshportEnvironment[];
  /** First part of workgroup names (`meshport.aws.rolePrefix`). */
  prefix: string;
  /** The environment's Athena client (the module's client factory). */
  athenaFor(environment: MeshportEnvironment): AthenaClient;
  logger: LoggerService;
}

export class AthenaUsageCollector implements UsageCollector {
  readonly id = 'aws-athena';
  #batchUnsupported = false;

  constructor(private readonly options: AthenaUsageCollectorOptions) {}

  async collect(input: {
    products: DataProductEntity[];
    datasets: DatasetEntity[];
    since: Date;
    signal?: AbortSignal;
  }): Promise<DatasetReads[]> {
    const tables = glueTableIndex(input.datasets);
    const counts = new Map<string, DatasetReads>();
    for (const product of input.products) {
      const productRef = stringifyEntityRef(product).toLocaleLowerCase('en-US');
      const environments = this.options.environments.filter(
        env =>
          !product.spec.environments ||
          product.spec.environments.includes(env.name),
      );
      for (const environment of environments) {
        input.signal?.throwIfAborted();
        const workgroup = workgroupName(
          this.options.prefix,
          productRef,
          environment.name,
        );
        if (!workgroup) continue;
        const executions = await this.executionsSince(
          this.options.athenaFor(environment),
          workgroup,
          input.since,
        );
        for (const execution of executions) {
          const submitted = execution.Status?.SubmissionDateTime;
          if (
            !submitted ||
            submitted < input.since ||
            execution.Status?.State !== 'SUCCEEDED' ||
            (execution.StatementType && execution.StatementType !== 'DML')
          ) {
            continue;
          }
          const day = submitted.toISOString().slice(0, 10);
          const read = new Set(
            tablesInQuery(
              execution.Query ?? '',
              execution.QueryExecutionContext?.Database,
            )
              .map(table => datasetOfTable(tables, table))
              .filter((ref): ref is string => !!ref),
          );
          for (const dataset of read) {
            const key = `${dataset}|${productRef}|${day}`;
            const entry = counts.get(key) ?? {
              dataset,
              consumer: productRef,
              day,
              reads: 0,
            };
            entry.reads += 1;
            counts.set(key, entry);
          }
        }
      }
    }
    return [...counts.values()];
  }

  /** The workgroup's queries submitted since `since` (and a few older ones of the last page). */
  private async executionsSince(
    athena: AthenaClient,
    workgroup: string,
    since: Date,
  ): Promise<QueryExecution[]> {
    const all: QueryExecution[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const list = await athena.send(
        new ListQueryExecutionsCommand({
          WorkGroup: workgroup,
          MaxResults: 50,
          NextToken: token,
        }),
      );
      const ids = list.QueryExecutionIds ?? [];
      const executions = await this.details(athena, ids);
      all.push(...executions);
      token = list.NextToken;
      const older = executions.some(
        e =>
          e.Status?.SubmissionDateTime && e.Status.SubmissionDateTime < since,
      );
      if (!token || older || ids.length === 0) break;
    }
    return all;
  }

  private async details(
    athena: AthenaClient,
    ids: string[],
  ): Promise<QueryExecution[]> {
    if (ids.length === 0) return [];
    if (!this.#batchUnsupported) {
      try {
        const batch = await athena.send(
          new BatchGetQueryExecutionCommand({ QueryExecutionIds: ids }),
        );
        return batch.QueryExecutions ?? [];
      } catch (error) {
        // Some endpoints (e.g. emulators) lack the batch call: one call per query then.
        this.#batchUnsupported = true;
        this.options.logger.warn(
          `BatchGetQueryExecution failed (${
            (error as Error).name
          }); reading queries one by one from now on`,
        );
      }
    }
    const executions: QueryExecution[] = [];
    for (const id of ids) {
      const { QueryExecution: execution } = await athena.send(
        new GetQueryExecutionCommand({ QueryExecutionId: id }),
      );
      if (execution) executions.push(execution);
    }
    return executions;
  }
}
