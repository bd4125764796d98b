import type { Knex } from 'knex';

const TABLE = 'contract_version_notices';

export interface VersionNotice {
  /** Full refs, lowercase. */
  dataset: string;
  successor: string;
  consumer: string;
  /** YYYY-MM-DD */
  sunset: string;
}

/** Which consumers were told about which new version. */
export interface VersionNoticesStore {
  /**
   * Records the notice unless it was recorded before; true when this call recorded it (so the
   * caller sends it), false when another run or replica already did.
   */
  claimNotice(notice: VersionNotice, at: Date): Promise<boolean>;
  listNotices(dataset: string): Promise<VersionNotice[]>;
}

export class DatabaseVersionNoticesStore implements VersionNoticesStore {
  constructor(private readonly db: Knex) {}

  async claimNotice(notice: VersionNotice, at: Date): Promise<boolean> {
    const inserted = await this.db(TABLE)
      .insert({ ...notice, notified_at: at })
      .onConflict(['dataset', 'successor', 'consumer'])
      .ignore()
      .returning('consumer');
    // PostgreSQL returns the inserted rows; SQLite returns them too with RETURNING support.
    return Array.isArray(inserted) && inserted.length > 0;
  }

  async listNotices(dataset: string): Promise<VersionNotice[]> {
    return this.db(TABLE)
      .where({ dataset })
      .select('dataset', 'successor', 'consumer', 'sunset')
      .orderBy(['successor', 'consumer']);
  }
}
