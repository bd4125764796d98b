/*
 * `meshport.accessRequests` configuration (and `meshport.admins`, which the
 * portal's permission policy reads too), validated at start-up so a typo
 * stops the backend with the key named.
 */
import { Config, readDurationFromConfig } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

export interface AccessRequestsConfig {
  /** How often due grants are expired and expiry notices sent. */
  expiryFrequency: HumanDuration;
  /** How long before a grant ends its consumers are told; 0 turns it off. */
  expiryNoticeMs: number;
  /**
   * Users or groups (full refs, lowercase) that may decide any request: the
   * portal policy's admins, so "awaiting my decision" shows them everything.
   */
  admins: string[];
  /**
   * Whether an owner of the consuming product may approve its request (when
   * they own the dataset too). Off by default: a team does not approve its
   * own access through a colleague who happens to own the dataset.
   */
  consumerOwnersMayApprove: boolean;
}

const KEY = 'meshport.accessRequests';
const DAY_MS = 86_400_000;

export const DEFAULT_ACCESS_REQUESTS_CONFIG: AccessRequestsConfig = {
  expiryFrequency: { minutes: 5 },
  expiryNoticeMs: 7 * DAY_MS,
  admins: [],
  consumerOwnersMayApprove: false,
};

/** Reads `meshport.admins` as full, lowercase entity refs (the kind defaults to Group). */
export function readAdmins(root: Config): string[] {
  const values = root.getOptionalStringArray('meshport.admins') ?? [];
  return values.map((value, i) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(value, { defaultKind: 'group' }),
      ).toLocaleLowerCase('en-US');
    } catch (error) {
      throw new Error(
        `Invalid config at 'meshport.admins[${i}]': expected an entity ref such as group:default/data-platform (${
          (error as Error).message
        })`,
      );
    }
  });
}

export function readAccessRequestsConfig(root: Config): AccessRequestsConfig {
  const admins = readAdmins(root);
  const config = root.getOptionalConfig(KEY);
  if (!config) {
    return { ...DEFAULT_ACCESS_REQUESTS_CONFIG, admins };
  }

  let expiryFrequency = DEFAULT_ACCESS_REQUESTS_CONFIG.expiryFrequency;
  if (config.has('expiry.frequency')) {
    try {
      expiryFrequency = readDurationFromConfig(config, {
        key: 'expiry.frequency',
      });
    } catch (error) {
      throw new Error(
        `Invalid config at '${KEY}.expiry.frequency': expected a duration such as { minutes: 5 } or '5m' (${
          (error as Error).message
        })`,
      );
    }
    if (!(durationToMilliseconds(expiryFrequency) > 0)) {
      throw new Error(
        `Invalid config at '${KEY}.expiry.frequency': expected a duration longer than zero`,
      );
    }
  }

  let expiryNoticeMs = DEFAULT_ACCESS_REQUESTS_CONFIG.expiryNoticeMs;
  if (config.has('expiry.noticeDays')) {
    const days = config.getOptional('expiry.noticeDays');
    if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
      throw new Error(
        `Invalid config at '${KEY}.expiry.noticeDays': expected a number of days of at least 0, got ${JSON.stringify(
          days,
        )}`,
      );
    }
    expiryNoticeMs = days * DAY_MS;
  }

  let consumerOwnersMayApprove = false;
  if (config.has('consumerOwnersMayApprove')) {
    const value = config.getOptional('consumerOwnersMayApprove');
    if (typeof value !== 'boolean') {
      throw new Error(
        `Invalid config at '${KEY}.consumerOwnersMayApprove': expected true or false, got ${JSON.stringify(
          value,
        )}`,
      );
    }
    consumerOwnersMayApprove = value;
  }

  return { expiryFrequency, expiryNoticeMs, admins, consumerOwnersMayApprove };
}
