/*
 * Pure: how "migrate to v2" reads on the consumer's Access tab.
 */
import type {
  AccessRequestStatus,
  ConsumptionMigration,
  MigrateAccessRequestResponse,
} from '@meshport/plugin-data-products-common';

/** `2.1.0` -> `v2` (the button says "Migrate to v2"). */
export function majorLabel(version: string): string {
  const major = /^v?(\d+)/.exec(version.trim())?.[1];
  return major ? `v${major}` : version;
}

/** A `YYYY-MM-DD` day in the reader's locale (`locale` for tests), e.g. `1 March 2027`. */
export function formatDay(day: string, locale?: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const STATUS_WORDS: Partial<Record<AccessRequestStatus, string>> = {
  pending: 'waits for its owners',
  approved: 'is approved and being provisioned',
  granted: 'is granted',
};

/** Where an accepted migration stands, from the consumer's request on the new version. */
export function acceptedText(
  migration: ConsumptionMigration,
): string | undefined {
  const request = migration.successorRequest;
  if (!request) return undefined;
  return `Accepted: the access to ${migration.successorTitle} ${
    STATUS_WORDS[request.status] ?? request.status
  }.`;
}

/** What accepting did, in a sentence for the person who accepted. */
export function resultText(
  result: MigrateAccessRequestResponse,
  migration: ConsumptionMigration,
  locale?: string,
): string {
  const title = migration.successorTitle;
  switch (result.outcome) {
    case 'moved': {
      const until = result.previous.validUntil;
      // the last moment it still reads the old version (its end is exclusive)
      const last = until
        ? formatDay(
            new Date(Date.parse(until) - 1).toISOString().slice(0, 10),
            locale,
          )
        : formatDay(migration.sunset, locale);
      return `Moved: this product now reads ${title} in ${result.request.environments.join(
        ', ',
      )}, and keeps reading the old version until ${last}.`;
    }
    case 'requested':
      return `Requested: the owners of ${title} decide, since its access is tighter than the old version's.`;
    default:
      return `Already accepted: the access to ${title} ${
        STATUS_WORDS[result.request.status] ?? result.request.status
      }.`;
  }
}
