/*
 * Pure helpers for the access-request views: the words for a request's status,
 * its validity, its history events, and what a dataset's access level means
 * for someone about to ask. Free of React so that the wording is tested alone.
 */
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_RETIREMENT,
  ANNOTATION_SUNSET,
  ACTIVE_ACCESS_REQUEST_STATUSES,
  type AccessLevel,
  type AccessRequest,
  type AccessRequestEvent,
} from '@meshport/plugin-data-products-common';
import { formatDate } from '../shared/localTime';

// Validity is counted in days, so it is shown as dates.
export { formatDate, formatTimestamp } from '../shared/localTime';

/** How a status is coloured: the Backstage status palette. */
export type AccessStatusTone =
  | 'ok'
  | 'pending'
  | 'running'
  | 'warning'
  | 'error'
  | 'aborted';

export interface AccessStatusPresentation {
  /** What the chip says: `pending`, `approved, planned`, `granted`, … */
  label: string;
  tone: AccessStatusTone;
  /** One sentence for the tooltip. */
  explanation: string;
}

/**
 * The status a person should read. `granted` alone is ambiguous in plan mode,
 * where nothing was changed in the cloud: the provisioner only planned it.
 */
export function describeAccessStatus(
  request: Pick<AccessRequest, 'status' | 'provisioning'>,
): AccessStatusPresentation {
  switch (request.status) {
    case 'pending':
      return {
        label: 'pending',
        tone: 'pending',
        explanation: "Waiting for a decision by the dataset's owners.",
      };
    case 'approved':
      return request.provisioning === 'planned'
        ? {
            label: 'approved, planned',
            tone: 'ok',
            explanation:
              'Approved; the provisioner runs in plan mode and recorded the grant without changing the cloud.',
          }
        : {
            label: 'approved, provisioning',
            tone: 'running',
            explanation:
              "Approved; the consumer's roles get the access at the next provisioning run.",
          };
    case 'granted':
      return request.provisioning === 'planned'
        ? {
            label: 'approved, planned',
            tone: 'ok',
            explanation:
              'Granted in plan mode: the provisioner recorded the grant without changing the cloud.',
          }
        : {
            label: 'granted',
            tone: 'ok',
            explanation: "The consumer's roles have the access.",
          };
    case 'denied':
      return {
        label: 'denied',
        tone: 'error',
        explanation: 'A dataset owner refused the request.',
      };
    case 'cancelled':
      return {
        label: 'cancelled',
        tone: 'aborted',
        explanation: 'The requester withdrew the request before a decision.',
      };
    case 'revoked':
      return {
        label: 'revoked',
        tone: 'warning',
        explanation: 'A dataset owner removed the access.',
      };
    case 'expired':
      return {
        label: 'expired',
        tone: 'aborted',
        explanation: 'The validity window ended; the access was removed.',
      };
    default:
      return {
        label: String(request.status),
        tone: 'aborted',
        explanation: 'A status this version of the portal does not know.',
      };
  }
}

/** True when the consumer holds, or is being given, the access. */
export function isActive(request: Pick<AccessRequest, 'status'>): boolean {
  return ACTIVE_ACCESS_REQUEST_STATUSES.includes(request.status);
}

/** The value of the "no end date" choice (the API takes no duration). */
export const NO_END = 'none';

/** The choices of the request form, the backend's duration syntax as value. */
export const DURATION_CHOICES: ReadonlyArray<{ value: string; label: string }> =
  [
    { value: '30d', label: '30 days' },
    { value: '90d', label: '90 days' },
    { value: '180d', label: '180 days' },
    { value: '365d', label: '1 year' },
    { value: NO_END, label: 'No end date' },
  ];

/** The request's duration for the API: none for "no end date". */
export function toRequestedDuration(choice: string): string | undefined {
  return choice === NO_END || choice === '' ? undefined : choice;
}

export const DEFAULT_DURATION = '90d';

/** A duration (`90d`, `12h`) in words; the text as written when unknown. */
export function describeDuration(duration: string | undefined): string {
  if (!duration) {
    return 'no end date';
  }
  const match = /^(\d+)([mhd])$/.exec(duration);
  if (!match) {
    return duration;
  }
  const count = Number(match[1]);
  const unit = { m: 'minute', h: 'hour', d: 'day' }[match[2]]!;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * How long the access lasts: the validity window once approved, the requested
 * duration before.
 */
export function describeValidity(
  request: Pick<
    AccessRequest,
    'status' | 'validUntil' | 'validFrom' | 'requestedDuration'
  >,
): string {
  if (request.validFrom || request.validUntil) {
    return request.validUntil
      ? `until ${formatDate(request.validUntil)}`
      : 'no end date';
  }
  return request.requestedDuration
    ? `${describeDuration(request.requestedDuration)} requested`
    : 'no end date requested';
}

const EVENT_WORDS: Record<AccessRequestEvent['type'], string> = {
  created: 'Requested',
  approved: 'Approved',
  'auto-approved': 'Approved at once (unrestricted dataset)',
  granted: 'Granted by the provisioner',
  denied: 'Denied',
  cancelled: 'Cancelled',
  revoked: 'Revoked',
  expired: 'Expired',
  'renewal-requested': 'Renewal requested',
  renewed: 'Renewed',
  'expiry-notified': 'Consumers told of the coming expiry',
  migrated: 'Moved between versions of the dataset',
};

/** One history entry in words: `Approved`, `Renewal requested`, … */
export function describeEvent(event: Pick<AccessRequestEvent, 'type'>): string {
  return EVENT_WORDS[event.type] ?? event.type;
}

/** `pending → approved`, or nothing when the status did not move. */
export function describeTransition(
  event: Pick<AccessRequestEvent, 'fromStatus' | 'toStatus'>,
): string {
  const { fromStatus, toStatus } = event;
  if (!toStatus || fromStatus === toStatus) {
    return '';
  }
  return fromStatus ? `${fromStatus} → ${toStatus}` : toStatus;
}

/** Whether a ref names a catalog user (it links), rather than `system`. */
export function isUserRef(actor: string): boolean {
  try {
    return parseEntityRef(actor).kind.toLocaleLowerCase('en-US') === 'user';
  } catch {
    return false;
  }
}

/** The retirement the catalog marks on an entity (annotations), if any. */
export function retirementOf(entity: Entity): {
  state?: string;
  sunset?: string;
} {
  const annotations = entity.metadata.annotations ?? {};
  return {
    state: annotations[ANNOTATION_RETIREMENT],
    sunset: annotations[ANNOTATION_SUNSET],
  };
}

export interface AccessLevelGuidance {
  /** Whether the form is offered at all. */
  requestable: boolean;
  severity: 'info' | 'success' | 'warning';
  text: string;
}

/** What a reader of the dataset's Access tab should expect before asking. */
export function describeAccessLevel(
  access: AccessLevel | string | undefined,
  lifecycle?: string,
  /** The retirement the catalog marks on the dataset (its annotations). */
  retirement?: { state?: string; sunset?: string },
): AccessLevelGuidance {
  // the server refuses new requests in each of these cases (the access state machine)
  if (lifecycle === 'retired' || retirement?.state === 'retired') {
    return {
      requestable: false,
      severity: 'warning',
      text: 'This dataset is retired: it accepts no new access requests.',
    };
  }
  if (retirement?.state === 'retiring') {
    const until = retirement.sunset
      ? ` (its sunset is ${formatDate(retirement.sunset)})`
      : '';
    return {
      requestable: false,
      severity: 'warning',
      text: `This dataset is being retired${until}: it accepts no new access requests. Current consumers keep their access until the sunset.`,
    };
  }
  if (lifecycle === 'deprecated') {
    return {
      requestable: false,
      severity: 'warning',
      text: 'This dataset is deprecated: it accepts no new access requests.',
    };
  }
  switch (access) {
    case 'private':
      return {
        requestable: false,
        severity: 'warning',
        text: 'This dataset is private: access cannot be requested. Only its producing data product reads it.',
      };
    case 'unrestricted':
      return {
        requestable: true,
        severity: 'success',
        text: "This dataset is unrestricted: access is immediate. A request is approved at once and the consumer's roles get the access at the next provisioning run.",
      };
    case 'restricted':
      return {
        requestable: true,
        severity: 'info',
        text: "This dataset is restricted: one of the dataset's owners approves or denies each request.",
      };
    default:
      return {
        requestable: false,
        severity: 'warning',
        text: `This dataset has no known access level (${String(
          access,
        )}); fix spec.access in its catalog-info.yaml.`,
      };
  }
}
