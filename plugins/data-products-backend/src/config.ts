/*
 * `meshport.provisioning` configuration, read and validated at start-up so a
 * typo stops the backend with the key named instead of misbehaving later.
 */
import { Config, readDurationFromConfig } from '@backstage/config';
import {
  PROVISIONING_MODES,
  ProvisioningMode,
} from '@meshport/plugin-data-products-common';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

export interface ProvisioningConfig {
  mode: ProvisioningMode;
  /** How often the whole mesh is reconciled. */
  scheduleFrequency: HumanDuration;
  /** How often the input is checked for changes. */
  changeDetectionFrequency: HumanDuration;
}

const KEY = 'meshport.provisioning';

export const DEFAULT_PROVISIONING_CONFIG: ProvisioningConfig = {
  mode: 'plan',
  scheduleFrequency: { minutes: 30 },
  changeDetectionFrequency: { minutes: 1 },
};

function readFrequency(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  if (!config.has(key)) {
    return fallback;
  }
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(config, { key });
  } catch (error) {
    throw new Error(
      `Invalid config at '${KEY}.${key}': expected a duration such as { minutes: 30 } or '30m' (${
        (error as Error).message
      })`,
    );
  }
  if (!(durationToMilliseconds(duration) > 0)) {
    throw new Error(
      `Invalid config at '${KEY}.${key}': expected a duration longer than zero`,
    );
  }
  return duration;
}

export function readProvisioningConfig(root: Config): ProvisioningConfig {
  const config = root.getOptionalConfig(KEY);
  if (!config) {
    return DEFAULT_PROVISIONING_CONFIG;
  }
  const mode = config.getOptional('mode') ?? DEFAULT_PROVISIONING_CONFIG.mode;
  if (!(PROVISIONING_MODES as readonly unknown[]).includes(mode)) {
    throw new Error(
      `Invalid config at '${KEY}.mode': expected 'plan' or 'apply', got ${JSON.stringify(
        mode,
      )}`,
    );
  }
  return {
    mode: mode as ProvisioningMode,
    scheduleFrequency: readFrequency(
      config,
      'schedule.frequency',
      DEFAULT_PROVISIONING_CONFIG.scheduleFrequency,
    ),
    changeDetectionFrequency: readFrequency(
      config,
      'changeDetection.frequency',
      DEFAULT_PROVISIONING_CONFIG.changeDetectionFrequency,
    ),
  };
}
