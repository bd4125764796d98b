/*
 * `meshport.accessRequests` configuration (and `meshport.admins`, which the
 * portal's permission policy reads too), validated at start-up so a typo
 * stops the backend with the key named.
 */
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { HumanDuration } from '@backstage/types';
import { readDurationConfig } from '../lib/config';
import { normalizeEntityRef } from '../lib/entityRefs';
import { DAY_MS } from '../lib/time';

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
      return normalizeEntityRef(
        stringifyEntityRef(parseEntityRef(value, { defaultKind: 'group' })),
      );
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

  const expiryFrequency = readDurationConfig(config, {
    prefix: KEY,
    key: 'expiry.frequency',
    fallback: DEFAULT_ACCESS_REQUESTS_CONFIG.expiryFrequency,
    example: "{ minutes: 5 } or '5m'",
  });

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
