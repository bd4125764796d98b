/*
 * Pure helpers that turn the declarative parts of a Dataset or DataProduct spec
 * into the words and values the cards show. Kept free of React so that the
 * wording can be tested on its own.
 */
import {
  AccessLevel,
  DataOutput,
  DatasetSlos,
  parseDuration,
} from '@meshport/plugin-data-products-common';

/** The rolling window an SLO is measured over when the spec leaves it out. */
export const DEFAULT_SLO_WINDOW = '20d';

/** How far (in %) an update's row count may fall below the recent average by default. */
export const DEFAULT_MAX_DROP_PERCENT = 5;

/** What each access level means for someone who wants to read the dataset. */
export const ACCESS_LEVEL_EXPLANATIONS: Record<AccessLevel, string> = {
  unrestricted:
    'Any data product may request access; requests are approved at once.',
  restricted:
    "Any data product may request access; the dataset's owner approves each request.",
  private:
    'Access cannot be requested; only the producing data product reads it.',
};

/** One data output as a row of the outputs table. */
export interface DataOutputRow {
  type: string;
  location: string;
  format?: string;
}

/**
 * Describes where a data output lives: `s3://<bucket id>/<path>` or
 * `glue: <database>.<table>` (`*` when the whole database is shared). The
 * bucket is the identifier from the environment config, not the bucket name,
 * because the name differs per environment.
 */
export function describeDataOutput(output: DataOutput): DataOutputRow {
  if (output.type === 's3') {
    const path = output.path.replace(/^\/+/, '');
    return {
      type: 'S3',
      location: `s3://${output.bucket}/${path}`,
      format: output.format,
    };
  }
  if (output.type === 'glue') {
    return {
      type: 'Glue',
      location: `glue: ${output.database}.${output.table ?? '*'}`,
    };
  }
  // A type this version does not know yet: show what we can rather than fail.
  const unknownOutput = output as { type?: unknown };
  return { type: String(unknownOutput.type ?? 'unknown'), location: '' };
}

/** `99.5` -> `99.5%`; keeps the precision the spec author wrote. */
export function formatPercent(value: number): string {
  return `${value}%`;
}

const DURATION_UNIT_WORDS: Record<string, [string, string]> = {
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
};

/**
 * A duration string from a spec (`20d`, `24h`, `90m`) in words for the UI
 * (`20 days`, `24 hours`, `90 minutes`), in the unit the author chose. Falls
 * back to the string as written when it is not a valid duration, so a typo
 * stays visible.
 */
export function describeDuration(duration: string): string {
  const match = /^(\d+)([a-z])$/.exec(duration);
  const words = match ? DURATION_UNIT_WORDS[match[2]] : undefined;
  if (parseDuration(duration) === undefined || !match || !words) {
    return duration;
  }
  const count = Number(match[1]);
  const [singular, plural] = words;
  return `${count} ${count === 1 ? singular : plural}`;
}

/** One declared SLO as the SLO card shows it. */
export interface SloDescription {
  /** `Availability`, `Completeness` or `Freshness`. */
  name: string;
  /** The target, e.g. `99.5%` or `95% of days`. */
  target: string;
  /** What is measured and what counts as success, in a sentence. */
  objective: string;
  /** The rolling window in words, e.g. `20 days`. */
  window: string;
}

/**
 * The SLOs a dataset declares, in a fixed order (availability, completeness,
 * freshness) and with the defaults filled in. Empty when none are declared.
 */
export function describeSlos(slos: DatasetSlos | undefined): SloDescription[] {
  const descriptions: SloDescription[] = [];
  if (!slos) {
    return descriptions;
  }
  const { availability, completeness, freshness } = slos;
  if (availability) {
    descriptions.push({
      name: 'Availability',
      target: formatPercent(availability.target),
      objective:
        'Checked every hour: the dataset exists and can be read. The target is the share of checks that succeed.',
      window: describeDuration(availability.window ?? DEFAULT_SLO_WINDOW),
    });
  }
  if (completeness) {
    const maxDrop = completeness.maxDropPercent ?? DEFAULT_MAX_DROP_PERCENT;
    descriptions.push({
      name: 'Completeness',
      target: formatPercent(completeness.target),
      objective: `An update is complete when its row count is at most ${formatPercent(
        maxDrop,
      )} below the average of recent updates. The target is the share of complete updates.`,
      window: describeDuration(completeness.window ?? DEFAULT_SLO_WINDOW),
    });
  }
  if (freshness) {
    descriptions.push({
      name: 'Freshness',
      target: `${formatPercent(freshness.target)} of days`,
      objective: `The data is never older than ${describeDuration(
        freshness.maxAge,
      )}. The target is the share of days on which that held all day.`,
      window: describeDuration(freshness.window ?? DEFAULT_SLO_WINDOW),
    });
  }
  return descriptions;
}

/**
 * Runs one of the common package's ref resolvers (they throw on a malformed
 * ref) and returns undefined instead of throwing: the catalog processor
 * reports malformed refs, and one must not break the whole entity page.
 */
export function tryResolveRefs<T extends string | string[]>(
  resolve: () => T,
): T | undefined {
  try {
    return resolve();
  } catch {
    return undefined;
  }
}
