/*
 * `meshport.retirement` configuration, read and validated at start-up.
 */
import { Config } from '@backstage/config';
import { readDurationConfig } from '../lib/config';
import { DAY_MS } from '../lib/time';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

export interface RetirementConfig {
  /** The least time between starting a retirement and its sunset. */
  noticePeriod: HumanDuration;
  noticePeriodMs: number;
  /** The most time between starting a retirement and its sunset. */
  maxNoticePeriod: HumanDuration;
  maxNoticePeriodMs: number;
  /** How often the retirement task looks for due work. */
  scheduleFrequency: HumanDuration;
}

const KEY = 'meshport.retirement';

export const DEFAULT_RETIREMENT_CONFIG: RetirementConfig = {
  noticePeriod: { days: 30 },
  noticePeriodMs: 30 * DAY_MS,
  maxNoticePeriod: { years: 2 },
  maxNoticePeriodMs: durationToMilliseconds({ years: 2 }),
  scheduleFrequency: { minutes: 1 },
};

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
  allowZero: boolean,
): HumanDuration {
  return readDurationConfig(config, {
    prefix: KEY,
    key,
    fallback,
    example: "{ days: 30 } or '30d'",
    allowZero,
  });
}

export function readRetirementConfig(root: Config): RetirementConfig {
  const config = root.getOptionalConfig(KEY);
  if (!config) {
    return DEFAULT_RETIREMENT_CONFIG;
  }
  const noticePeriod = readDuration(
    config,
    'noticePeriod',
    DEFAULT_RETIREMENT_CONFIG.noticePeriod,
    true,
  );
  const maxNoticePeriod = readDuration(
    config,
    'maxNoticePeriod',
    DEFAULT_RETIREMENT_CONFIG.maxNoticePeriod,
    false,
  );
  const noticePeriodMs = durationToMilliseconds(noticePeriod);
  const maxNoticePeriodMs = durationToMilliseconds(maxNoticePeriod);
  if (maxNoticePeriodMs < noticePeriodMs) {
    throw new Error(
      `Invalid config at '${KEY}.maxNoticePeriod': expected a duration at least as long as '${KEY}.noticePeriod'`,
    );
  }
  return {
    noticePeriod,
    noticePeriodMs,
    maxNoticePeriod,
    maxNoticePeriodMs,
    scheduleFrequency: readDuration(
      config,
      'schedule.frequency',
      DEFAULT_RETIREMENT_CONFIG.scheduleFrequency,
      false,
    ),
  };
}
