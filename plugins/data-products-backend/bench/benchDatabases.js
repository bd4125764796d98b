/*
 * What the backend's benchmarks share: their command-line arguments and the
 * PostgreSQL 15 they run on beside SQLite (a database of their own on it).
 */
/* eslint-disable no-console */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');

/** The value after `--name` on the command line, if any. */
function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The connection string with another database. */
function withDatabase(connection, database) {
  const url = new URL(connection);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, else the private
 * cluster of scripts/postgres.sh (started if needed); undefined, with a
 * message, when neither works.
 */
function postgresConnection() {
  const fromEnv =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (fromEnv) return fromEnv;
  const started = spawnSync(
    'bash',
    [path.join(ROOT, 'scripts/postgres.sh'), 'start'],
    { encoding: 'utf8' },
  );
  if (started.status !== 0) {
    console.log(
      `\n--- PostgreSQL: skipped (scripts/postgres.sh start failed: ${(
        started.stderr ||
        started.error?.message ||
        ''
      )
        .trim()
        .split('\n')
        .pop()})`,
    );
    return undefined;
  }
  return started.stdout.trim();
}

module.exports = { argValue, withDatabase, postgresConnection };
