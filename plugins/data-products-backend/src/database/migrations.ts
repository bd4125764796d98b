/*
 * The plugin's database migrations (migrations/ in the package): one schema
 * for every feature's tables. Each Database<X>Store applies them on create.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@meshport/plugin-data-products-backend',
  'migrations',
);

/** Runs the plugin's migrations (all tables of the plugin). */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}
