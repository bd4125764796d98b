import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'fs';
import { Knex } from 'knex';
import path from 'path';

const migrationsDir = path.resolve(__dirname, '../../migrations');
const migrationFiles = fs
  .readdirSync(migrationsDir)
  .filter(file => file.endsWith('.js'))
  .sort();

const PROVISIONING_TABLES = [
  'provisioning_runs',
  'provisioning_run_products',
  'provisioning_operations',
  'provisioning_snapshots',
];

async function existingTables(knex: Knex, tables: string[]) {
  const found: string[] = [];
  for (const table of tables) {
    if (await knex.schema.hasTable(table)) {
      found.push(table);
    }
  }
  return found;
}

jest.setTimeout(60_000);

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'runs every migration up and back down, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      for (const file of migrationFiles) {
        await knex.migrate.up({ directory: migrationsDir, name: file });
      }
      expect(await existingTables(knex, PROVISIONING_TABLES)).toEqual(
        PROVISIONING_TABLES,
      );

      // The schema holds what the store writes, on both databases.
      await knex('provisioning_runs').insert({
        id: '00000000-0000-4000-8000-000000000001',
        trigger: 'manual',
        mode: 'plan',
        status: 'queued',
        created_at: new Date(),
      });
      await knex('provisioning_operations').insert({
        run_id: '00000000-0000-4000-8000-000000000001',
        seq: 1,
        operation_id: 'aws:dev:create:iam-role:meshport-churn-dev-owner',
        provisioner: 'aws',
        environment: 'dev',
        action: 'create',
        resource_type: 'iam-role',
        resource: 'meshport-churn-dev-owner',
        description: 'Create IAM role meshport-churn-dev-owner',
        details: '{}',
        status: 'planned',
      });

      for (const _file of [...migrationFiles].reverse()) {
        await knex.migrate.down({ directory: migrationsDir });
      }
      expect(await existingTables(knex, PROVISIONING_TABLES)).toEqual([]);

      await knex.destroy();
    },
  );
});
