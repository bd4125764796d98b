import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { normalizeEntityRef } from '../lib/entityRefs';
import type { VersionNotice, VersionNoticesStore } from './VersionNoticesStore';

const TABLE = 'contract_version_notices';

/**
 * {@link VersionNoticesStore} on the plugin's database (its migrations create
 * the table); refs are kept and compared in the plugin's one normalisation.
 */
export class DatabaseVersionNoticesStore implements VersionNoticesStore {
  /** The plugin's migrations must have run (the other stores apply them). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseVersionNoticesStore> {
    return new DatabaseVersionNoticesStore(await options.database.getClient());
  }

  constructor(private readonly db: Knex) {}

  async claimNotice(notice: VersionNotice, at: Date): Promise<boolean> {
    const inserted = await this.db(TABLE)
      .insert({
        dataset: normalizeEntityRef(notice.dataset),
        successor: normalizeEntityRef(notice.successor),
        consumer: normalizeEntityRef(notice.consumer),
        sunset: notice.sunset,
        notified_at: at,
      })
      .onConflict(['dataset', 'successor', 'consumer'])
      .ignore()
      .returning('consumer');
    // PostgreSQL returns the inserted rows; SQLite returns them too with RETURNING support.
    return Array.isArray(inserted) && inserted.length > 0;
  }

  async listNotices(dataset: string): Promise<VersionNotice[]> {
    return this.db(TABLE)
      .where({ dataset: normalizeEntityRef(dataset) })
      .select('dataset', 'successor', 'consumer', 'sunset')
      .orderBy(['successor', 'consumer']);
  }
}
