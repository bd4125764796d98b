import {
  createMockDirectory,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { knex as createKnex } from 'knex';
import { isDatabaseUnavailable, knownErrorStatus } from './errorHandler';

jest.setTimeout(60_000);

// The SQLite driver itself (it ships no types), for a lock two connections really contend for.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database: new (
  file: string,
  options?: object,
) => any = require('better-sqlite3');

const caught = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('isDatabaseUnavailable, on real errors', () => {
  const dir = createMockDirectory();

  it('recognises a locked SQLite database, not a broken statement', async () => {
    const file = dir.resolve('locked.sqlite');
    const holder = new Database(file);
    holder.exec('create table t (x integer)');
    holder.exec('begin exclusive');
    const other = new Database(file, { timeout: 0 });
    try {
      const locked = await caught(() => other.exec('insert into t values (1)'));
      expect((locked as any).code).toMatch(/^SQLITE_BUSY/);
      expect(isDatabaseUnavailable(locked)).toBe(true);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    const broken = await caught(() => other.exec('select * from missing'));
    expect(isDatabaseUnavailable(broken)).toBe(false);
    other.close();
    const closed = await caught(() => other.exec('select 1'));
    expect(isDatabaseUnavailable(closed)).toBe(true);
  });

  it('recognises a refused PostgreSQL connection', async () => {
    const knex = createKnex({
      client: 'pg',
      connection: 'postgresql://postgres@127.0.0.1:1/none',
      acquireConnectionTimeout: 5_000,
    });
    try {
      expect(
        isDatabaseUnavailable(await caught(() => knex.raw('select 1'))),
      ).toBe(true);
    } finally {
      await knex.destroy();
    }
  });

  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  it.each(databases.eachSupportedId())(
    'recognises a connection the server terminated, not a broken statement, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const broken = await caught(() => knex.raw('select * from missing'));
      expect(isDatabaseUnavailable(broken)).toBe(false);
      const terminated = await caught(() =>
        knex.raw('select pg_terminate_backend(pg_backend_pid())'),
      );
      expect(isDatabaseUnavailable(terminated)).toBe(true);
    },
  );

  it('keeps the status of errors written for the caller', () => {
    expect(knownErrorStatus(new InputError('x'))).toBe(400);
    expect(knownErrorStatus(new ServiceUnavailableError('AWS is down'))).toBe(
      503,
    );
    expect(
      knownErrorStatus(
        Object.assign(new Error('too large'), { status: 413, expose: true }),
      ),
    ).toBe(413);
    expect(knownErrorStatus(new Error('insert into x values (1)'))).toBe(
      undefined,
    );
  });
});
