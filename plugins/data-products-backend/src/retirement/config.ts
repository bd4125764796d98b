/*
 * `meshport.retirement` configuration, read and validated at start-up.
 */
import { Config, readDurationFromConfig } from '@backstage/config';
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
  noticePeriodMs: 30 * 24 * 60 * 60 * 1000,
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
  if (!config.has(key)) {
    return fallback;
  }
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(config, { key });
  } catch (error) {
    throw new Error(
      `Invalid config at '${KEY}.${key}': expected a duration such as { days: 30 } or '30d' (${
        (error as Error).message
      })`,
    );
  }
  const ms = durationToMilliseconds(duration);
  if (!(ms > 0 || (allowZero && ms === 0))) {
    throw new Error(
      `Invalid config at '${KEY}.${key}': expected a duration ${
        allowZero ? 'of at least zero' : 'longer than zero'
      }`,
    );
  }
  return duration;
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
