/*
 * `backend.database` for a test portal: SQLite in memory, or on PostgreSQL plugin databases of
 * their own (named after the test database), and how to drop them afterwards.
 */
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';

export async function portalDatabase(
  databases: TestDatabases,
  id: TestDatabaseId,
): Promise<{ config: any; cleanUp: () => Promise<void> }> {
  if (id === 'SQLITE_3') {
    return {
      config: { client: 'better-sqlite3', connection: ':memory:' },
      cleanUp: async () => {},
    };
  }
  const knex = await databases.init(id);
  const connection = (knex.client as any).config.connection;
  const database =
    typeof connection === 'string'
      ? new URL(connection).pathname.slice(1)
      : connection.database;
  const prefix = `${database}_`;
  return {
    config: { client: 'pg', connection, prefix },
    cleanUp: async () => {
      const { rows } = await knex.raw(
        'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
        [prefix],
      );
      for (const { datname } of rows) {
        await knex.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
      }
    },
  };
}
