/*
 * The notifications of access requests: who is told what. Pure builders,
 * plus a sender that never lets a notification failure undo a change.
 *
 * - dataset owners: a new request (or renewal) waits for them, a new consumer
 *   got access at once (unrestricted dataset) or moved to it from the
 *   version it replaces, a request was withdrawn;
 * - the requester: the decision on their request;
 * - the consumer (the consuming product's owners and the requester): access
 *   revoked, ending soon, ended.
 *
 * The person who acted is never told (`excludeEntityRef`). Everyone is named as the catalog
 * names them (titles, display names), dates are days in words and durations in words: no refs,
 * ISO timestamps or duration codes reach people.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { StoredAccessRequest } from './AccessRequestStore';
import { SYSTEM_ACTOR } from './stateMachine';

export const ACCESS_NOTIFICATION_TOPIC = 'data-products-access';

/** The dataset's Access tab in the portal, e.g. `/catalog/default/dataset/orders/access`. */
export function datasetAccessLink(datasetRef: string): string {
  const ref = parseEntityRef(datasetRef, { defaultKind: 'dataset' });
  return `/catalog/${encodeURIComponent(
    ref.namespace,
  )}/${ref.kind.toLocaleLowerCase('en-US')}/${encodeURIComponent(
    ref.name,
  )}/access`;
}

/** `dataset:default/orders` -> `orders` (`ns/orders` outside the default namespace). */
function shortName(ref: string): string {
  if (ref === SYSTEM_ACTOR) return 'Meshport';
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

/** `21 December 2026`: a grant's end as a day in words (UTC, as the server keeps it). */
export function dayOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
}

const UNITS: Record<string, string> = { m: 'minute', h: 'hour', d: 'day' };

/** `90d` -> `90 days`, `1h` -> `1 hour`: a requested duration in words. */
export function durationWords(duration: string): string {
  const match = /^(\d+)([mhd])$/.exec(duration);
  if (!match) return duration;
  const count = Number(match[1]);
  return `${count} ${UNITS[match[2]]}${count === 1 ? '' : 's'}`;
}

/** The refs a notification names, for the sender to look their names up. */
export function namedRefs(
  request: StoredAccessRequest,
  actor: string,
): string[] {
  return [
    ...new Set([request.consumer, request.dataset, request.requester, actor]),
  ].filter(ref => ref && ref !== SYSTEM_ACTOR);
}

function recipients(
  to: Array<string | undefined>,
  actor: string,
): NotificationSendOptions['recipients'] | undefined {
  const refs = [...new Set(to.filter((ref): ref is string => !!ref))].filter(
    ref => ref !== actor,
  );
  if (refs.length === 0) {
    return undefined;
  }
  return {
    type: 'entity',
    entityRef: refs,
    ...(actor !== SYSTEM_ACTOR ? { excludeEntityRef: actor } : {}),
  };
}

function withNote(text: string, note?: string): string {
  return note ? `${text} Note: ${note}` : text;
}

export type AccessNotificationKind =
  | 'requested'
  | 'auto-approved'
  | 'cancelled'
  | 'approved'
  | 'denied'
  | 'revoked'
  | 'expiring'
  | 'expired'
  | 'migrated';

/**
 * The notification for a change of `request` by `actor`, or undefined when
 * nobody (but the actor) is concerned.
 */
export function buildAccessNotification(
  kind: AccessNotificationKind,
  request: StoredAccessRequest,
  actor: string,
  note?: string,
  /** Names by ref (titles, display names); a ref without one reads as its name. */
  names: ReadonlyMap<string, string> = new Map(),
): NotificationSendOptions | undefined {
  const nameOf = (ref: string) => names.get(ref) ?? shortName(ref);
  const consumer = nameOf(request.consumer);
  const dataset = nameOf(request.dataset);
  const requester = nameOf(request.requester);
  const by = nameOf(actor);
  const link = datasetAccessLink(request.dataset);
  const topic = ACCESS_NOTIFICATION_TOPIC;
  const toOwners = recipients([request.datasetOwner], actor);
  const toRequester = recipients([request.requester], actor);
  const toConsumer = recipients(
    [request.consumerOwner, request.requester],
    actor,
  );
  const payload = (
    to: NotificationSendOptions['recipients'] | undefined,
    title: string,
    description: string,
    severity: 'low' | 'normal' | 'high' = 'normal',
  ): NotificationSendOptions | undefined =>
    to && {
      recipients: to,
      payload: { title, description, link, topic, severity },
    };

  switch (kind) {
    case 'requested':
      return payload(
        toOwners,
        request.renewalOf
          ? `${consumer} asks to renew its access to ${dataset}`
          : `${consumer} requests access to ${dataset}`,
        `${requester} asks for ${request.environments.join(', ')}${
          request.requestedDuration
            ? ` for ${durationWords(request.requestedDuration)}`
            : ' with no end'
        }: ${request.purpose}`,
      );
    case 'auto-approved':
      return payload(
        toOwners,
        `${consumer} now reads ${dataset}`,
        `The dataset is unrestricted, so the request of ${requester} was approved at once: ${request.purpose}`,
        'low',
      );
    case 'cancelled':
      return payload(
        toOwners,
        `${consumer} withdrew its request for ${dataset}`,
        withNote(`${requester} cancelled the request.`, note),
        'low',
      );
    case 'approved':
      return payload(
        toRequester,
        `Access to ${dataset} approved for ${consumer}`,
        withNote(
          `${by} approved the request${
            request.validUntil ? ` until ${dayOf(request.validUntil)}` : ''
          }; the consumer's roles are being provisioned.`,
          note,
        ),
      );
    case 'denied':
      return payload(
        toRequester,
        `Access to ${dataset} denied for ${consumer}`,
        withNote(`${by} denied the request.`, note),
      );
    case 'revoked':
      return payload(
        toConsumer,
        `Access of ${consumer} to ${dataset} revoked`,
        withNote(`${by} revoked the access.`, note),
        'high',
      );
    case 'expiring':
      return payload(
        toConsumer,
        `Access of ${consumer} to ${dataset} ends soon`,
        `The grant ends on ${dayOf(
          request.validUntil ?? '',
        )}. Renew it from the dataset's Access tab to keep reading.`,
        'high',
      );
    case 'expired':
      return payload(
        toConsumer,
        `Access of ${consumer} to ${dataset} expired`,
        `The grant ended on ${dayOf(
          request.validUntil ?? '',
        )}; request access again if it is still needed.`,
      );
    case 'migrated':
      return payload(
        toOwners,
        `${consumer} moved its access to ${dataset}`,
        withNote(
          `${requester} accepted the new version: ${consumer} reads ${dataset} in ${request.environments.join(
            ', ',
          )}; its roles are being provisioned.`,
          note,
        ),
        'low',
      );
    default: {
      const never: never = kind;
      throw new Error(`Unknown notification ${never}`);
    }
  }
}

/** Names by ref as the catalog gives them; refs it cannot name are left out. */
export type NameLookup = (refs: string[]) => Promise<Map<string, string>>;

/** Sends, and only logs a failure: a notification never undoes a change. */
export class AccessNotifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      logger: LoggerService;
      /** Titles and display names for the message; without it, names. */
      names?: NameLookup;
    },
  ) {}

  async notify(
    kind: AccessNotificationKind,
    request: StoredAccessRequest,
    actor: string,
    note?: string,
  ): Promise<void> {
    const { notifications, logger } = this.options;
    if (!notifications) {
      return;
    }
    const names = await (
      this.options.names?.(namedRefs(request, actor)) ??
      Promise.resolve(new Map<string, string>())
    ).catch(() => new Map<string, string>());
    const notification = buildAccessNotification(
      kind,
      request,
      actor,
      note,
      names,
    );
    if (!notification) {
      return;
    }
    try {
      await notifications.send(notification);
    } catch (error) {
      logger.warn(
        `Could not send the '${kind}' notification of access request ${
          request.id
        }: ${stringifyError(error)}`,
      );
    }
  }
}
