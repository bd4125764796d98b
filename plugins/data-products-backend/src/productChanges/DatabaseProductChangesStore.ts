/*
 * The product-changes store on the plugin's database: read-only over the
 * provisioning tables (the provisioning store's migrations create them).
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  OperationCount,
  ProductChangesStore,
} from './ProductChangesStore';

const RUNS = 'provisioning_runs';
const OPERATIONS = 'provisioning_operations';

/** {@link ProductChangesStore} on the plugin's database (the provisioning store's migrations create the tables). */
export class DatabaseProductChangesStore implements ProductChangesStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseProductChangesStore> {
    return new DatabaseProductChangesStore(await options.database.getClient());
  }

  constructor(private readonly db: Knex) {}

  async latestRunTouching(product: string): Promise<string | undefined> {
    const row = await this.db(`${OPERATIONS} as o`)
      .join(`${RUNS} as r`, 'r.id', 'o.run_id')
      .where('o.data_product', product)
      .orderBy([
        { column: 'r.created_at', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .first('o.run_id as runId');
    return row?.runId;
  }

  async previousDetails(
    product: string,
    before: Date,
    resources: string[],
  ): Promise<Map<string, { runId: string; details: Record<string, unknown> }>> {
    const found = new Map<
      string,
      { runId: string; details: Record<string, unknown> }
    >();
    if (resources.length === 0) return found;
    const rows: { resource: string; runId: string; details: string }[] =
      await this.db(`${OPERATIONS} as o`)
        .join(`${RUNS} as r`, 'r.id', 'o.run_id')
        .where('o.data_product', product)
        .whereIn('o.resource', resources)
        .whereIn('o.status', ['succeeded', 'planned'])
        .whereNot('o.action', 'delete')
        .where('r.created_at', '<', before)
        .orderBy([
          { column: 'r.created_at', order: 'desc' },
          { column: 'o.seq', order: 'desc' },
        ])
        .select('o.resource as resource', 'o.run_id as runId', 'o.details');
    for (const row of rows) {
      if (!found.has(row.resource)) {
        found.set(row.resource, {
          runId: row.runId,
          details: JSON.parse(row.details),
        });
      }
    }
    return found;
  }

  async operationCounts(
    product: string,
    runIds: string[],
  ): Promise<OperationCount[]> {
    if (runIds.length === 0) return [];
    const rows: {
      runId: string;
      action: OperationCount['action'];
      status: string;
      count: string | number;
    }[] = await this.db(OPERATIONS)
      .where('data_product', product)
      .whereIn('run_id', runIds)
      .groupBy('run_id', 'action', 'status')
      .select('run_id as runId', 'action', 'status')
      .count({ count: '*' });
    // PostgreSQL counts as strings (bigint), SQLite as numbers.
    return rows.map(row => ({ ...row, count: Number(row.count) }));
  }
}
