import type { Grant } from '@meshport/plugin-data-products-node';

/**
 * Where the reconciler gets the grants it provisions. The access-requests
 * feature provides a database-backed source; until then, and in tests, a
 * static list.
 */
export interface GrantsSource {
  /** Approved grants that are not revoked and not expired at `now`. */
  listActiveGrants(now: Date): Promise<Grant[]>;
}

/** A fixed list of grants (none by default); expired ones are left out. */
export class StaticGrantsSource implements GrantsSource {
  constructor(private readonly grants: Grant[] = []) {}

  async listActiveGrants(now: Date): Promise<Grant[]> {
    return this.grants.filter(
      grant =>
        !grant.validUntil ||
        new Date(grant.validUntil).getTime() > now.getTime(),
    );
  }
}
