/*
 * `meshport.slo` configuration, read and validated at start-up so a typo
 * stops the backend with the key named.
 */
import { Config } from '@backstage/config';
import { readDurationConfig } from '../lib/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { DAY_MS } from './declarations';

export interface SloConfig {
  /** Generate deterministic sample measurements for the catalog's datasets. */
  sampleData: boolean;
  /** Raw measurements are kept at least this long (and always for the longest window). */
  rawRetentionMs: number;
  /** Hourly/daily aggregates are kept this long. */
  aggregateRetentionMs: number;
  evaluationFrequency: HumanDuration;
  collectionFrequency: HumanDuration;
}

const KEY = 'meshport.slo';

export const DEFAULT_SLO_CONFIG: SloConfig = {
  sampleData: false,
  rawRetentionMs: 35 * DAY_MS,
  aggregateRetentionMs: 400 * DAY_MS,
  evaluationFrequency: { minutes: 5 },
  collectionFrequency: { hours: 1 },
};

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return readDurationConfig(config, {
    prefix: KEY,
    key,
    fallback,
    example: "{ days: 35 } or '35d'",
  });
}

export function readSloConfig(root: Config): SloConfig {
  const config = root.getOptionalConfig(KEY);
  if (!config) {
    return DEFAULT_SLO_CONFIG;
  }
  let sampleData: boolean | undefined;
  try {
    sampleData = config.getOptionalBoolean('sampleData');
  } catch {
    throw new Error(
      `Invalid config at '${KEY}.sampleData': expected true or false`,
    );
  }
  const d = DEFAULT_SLO_CONFIG;
  const rawRetentionMs = durationToMilliseconds(
    readDuration(config, 'retention.raw', { days: d.rawRetentionMs / DAY_MS }),
  );
  const aggregateRetentionMs = durationToMilliseconds(
    readDuration(config, 'retention.aggregates', {
      days: d.aggregateRetentionMs / DAY_MS,
    }),
  );
  if (rawRetentionMs < DAY_MS) {
    throw new Error(
      `Invalid config at '${KEY}.retention.raw': expected at least one day`,
    );
  }
  if (aggregateRetentionMs < rawRetentionMs) {
    throw new Error(
      `Invalid config at '${KEY}.retention.aggregates': expected at least as long as '${KEY}.retention.raw'`,
    );
  }
  return {
    sampleData: sampleData ?? d.sampleData,
    rawRetentionMs,
    aggregateRetentionMs,
    evaluationFrequency: readDuration(
      config,
      'evaluation.frequency',
      d.evaluationFrequency,
    ),
    collectionFrequency: readDuration(
      config,
      'collection.frequency',
      d.collectionFrequency,
    ),
  };
}
