/*
 * The version notices sent: which consumers were told about which newer
 * major version of a dataset they read.
 */
export interface VersionNotice {
  /** Full refs; the store keeps them lowercase and compares them so. */
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
