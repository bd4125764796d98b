/*
 * Reading config values the same way in every feature: the duration readers
 * (a Backstage duration, or one in the specs' syntax such as `30d`), whose
 * errors name the key and what was expected.
 */
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { parseDuration } from '@meshport/plugin-data-products-common';

export interface ReadDurationOptions {
  /** The feature's config prefix, e.g. `meshport.slo`, for messages. */
  prefix: string;
  /** The key below `config`, e.g. `retention.raw`. */
  key: string;
  /** Returned when the key is absent. */
  fallback: HumanDuration;
  /** An example for messages, e.g. `{ days: 30 } or '30d'`. */
  example: string;
  /** Whether zero is accepted (otherwise the duration must be longer). */
  allowZero?: boolean;
  /** The least duration accepted, e.g. `{ ms: DAY_MS, words: 'one day' }` (instead of "longer than zero"). */
  atLeast?: { ms: number; words: string };
}

/**
 * Reads a duration (`{ days: 30 }`, `'30d'` or ISO 8601) at `key`; throws a
 * message naming `<prefix>.<key>` when it is not a duration or not long enough.
 */
export function readDurationConfig(
  config: Config,
  options: ReadDurationOptions,
): HumanDuration {
  const {
    prefix,
    key,
    fallback,
    example,
    allowZero = false,
    atLeast,
  } = options;
  if (!config.has(key)) {
    return fallback;
  }
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(config, { key });
  } catch (error) {
    throw new Error(
      `Invalid config at '${prefix}.${key}': expected a duration such as ${example} (${
        (error as Error).message
      })`,
    );
  }
  const ms = durationToMilliseconds(duration);
  if (atLeast) {
    if (!(ms >= atLeast.ms)) {
      throw new Error(
        `Invalid config at '${prefix}.${key}': expected at least ${atLeast.words}`,
      );
    }
    return duration;
  }
  if (!(ms > 0 || (allowZero && ms === 0))) {
    throw new Error(
      `Invalid config at '${prefix}.${key}': expected a duration ${
        allowZero ? 'of at least zero' : 'longer than zero'
      }`,
    );
  }
  return duration;
}

/**
 * Reads a duration in the specs' syntax (`30d`, `12h`, `90m`) at `key` of the
 * root config, `fallback` when absent; throws a message naming the key when
 * it is not one.
 */
export function readSpecDurationConfig(
  config: Config,
  options: { key: string; fallback: string },
): string {
  const value = config.getOptionalString(options.key) ?? options.fallback;
  if (parseDuration(value) === undefined) {
    throw new Error(
      `Invalid config at '${options.key}': expected a duration like ${options.fallback}, got '${value}'`,
    );
  }
  return value;
}
