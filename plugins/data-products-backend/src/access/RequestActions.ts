/*
 * How a change to an access request is made: decide it with the state
 * machine on the current row, write it with a conditional update (deciding
 * again after a lost race), then the side effects: a reconcile of the
 * consumer's roles, the notification, and audit events of system changes.
 * The service, the expiry job and the grants share it.
 */
import { randomUUID } from 'crypto';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  stringifyError,
} from '@backstage/errors';
import type { ProvisioningTrigger } from '../provisioning/Reconciler';
import {
  AccessRequestStore,
  AccessRequestStoreTransaction,
  DuplicateOpenRequestError,
  RequestChanges,
  StoredAccessRequest,
} from './AccessRequestStore';
import { CoalescingTrigger } from './CoalescingTrigger';
import { AccessNotificationKind, AccessNotifier } from './notifications';
import {
  AccessAction,
  computeValidity,
  SYSTEM_ACTOR,
  transition,
  Transition,
} from './stateMachine';

/** How many times a change is re-decided after losing a race before giving up (409). */
const MAX_ATTEMPTS = 5;

/** The outcome of an action on a request. */
export interface ActionResult {
  request: StoredAccessRequest;
  /** False for an idempotent retry that found the work already done. */
  changed: boolean;
}

/** Options of one action. */
export interface ApplyOptions {
  note?: string;
  /** Send the action's usual notification (default true). */
  notify?: boolean;
  /** Whom the reconcile is recorded for when the actor is `system`. */
  triggeredBy?: string;
  changes?: RequestChanges;
  /** The request as the caller just read it (saves a read). */
  read?: StoredAccessRequest;
}

export function refusalError(
  refusal: Extract<Transition, { kind: 'refused' }>,
) {
  return refusal.code === 403
    ? new NotAllowedError(refusal.reason)
    : new ConflictError(refusal.reason);
}

/** The change lost a race: re-read and decide again. */
class LostRaceError extends Error {
  name = 'LostRaceError';
}

const NOTIFICATION_OF: Partial<
  Record<AccessAction['type'], AccessNotificationKind>
> = {
  approve: 'approved',
  deny: 'denied',
  cancel: 'cancelled',
  revoke: 'revoked',
  expire: 'expired',
};

/**
 * Starts the grant of an approved request: a renewal takes over the grant of
 * the request it renews, as long as that one is still active (extending its
 * window); otherwise a new grant starts. Returns the request's changes.
 */
async function startGrant(
  tx: AccessRequestStoreTransaction,
  options: {
    request: StoredAccessRequest;
    renewed: StoredAccessRequest | undefined;
    actor: string;
    now: Date;
  },
): Promise<RequestChanges> {
  const { request, renewed, actor, now } = options;
  const supersede = renewed
    ? transition(renewed, { type: 'supersede', actor })
    : undefined;
  if (renewed?.grantId && supersede?.kind === 'change') {
    const ok = await tx.updateRequest({
      request: renewed,
      to: supersede.to,
      changes: { renewedBy: request.id },
      event: {
        type: supersede.event,
        actor,
        at: now,
        note: `Renewed by ${request.id}`,
      },
      at: now,
    });
    if (!ok) {
      throw new LostRaceError();
    }
    const validity = computeValidity({
      now,
      duration: request.requestedDuration,
      extendsFrom: renewed.validUntil,
    });
    await tx.extendGrant({
      id: renewed.grantId,
      requestId: request.id,
      validUntil: validity.validUntil,
      at: now,
    });
    return {
      grantId: renewed.grantId,
      validFrom: validity.validFrom,
      validUntil: validity.validUntil ?? null,
    };
  }
  const validity = computeValidity({
    now,
    duration: request.requestedDuration,
  });
  const grantId = randomUUID();
  await tx.insertGrant(
    {
      id: grantId,
      requestId: request.id,
      consumer: request.consumer,
      dataset: request.dataset,
      environments: request.environments,
      validFrom: validity.validFrom,
      validUntil: validity.validUntil,
    },
    now,
  );
  return {
    grantId,
    validFrom: validity.validFrom,
    validUntil: validity.validUntil ?? null,
  };
}

export interface RequestActionsOptions {
  store: AccessRequestStore;
  notifier: AccessNotifier;
  provisioning: ProvisioningTrigger;
  auditor: AuditorService;
  logger: LoggerService;
  now: () => Date;
}

export class RequestActions {
  private readonly store: AccessRequestStore;
  private readonly notifier: AccessNotifier;
  private readonly reconciles: CoalescingTrigger;
  private readonly now: () => Date;

  constructor(private readonly options: RequestActionsOptions) {
    this.store = options.store;
    this.notifier = options.notifier;
    this.reconciles = new CoalescingTrigger(options.provisioning);
    this.now = options.now;
  }

  /**
   * Applies `action` to the request: decides it on the current row, writes it
   * with a conditional update, and on a lost race decides again on the new
   * row (which then gives the same result for a retry, or a 409).
   */
  async apply(
    id: string,
    action: AccessAction,
    options: ApplyOptions = {},
  ): Promise<ActionResult> {
    const actor = 'actor' in action ? action.actor : SYSTEM_ACTOR;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The caller's read first; after a lost race, the current row.
      const request =
        attempt === 0 && options.read?.id === id
          ? options.read
          : await this.store.getRequest(id);
      if (!request) {
        throw new ConflictError('This access request no longer exists');
      }
      const next = transition(
        {
          ...request,
          expiryNotified: !!request.expiryNotifiedAt,
        },
        action,
      );
      if (next.kind === 'refused') {
        throw refusalError(next);
      }
      if (next.kind === 'unchanged') {
        return { request, changed: false };
      }
      const now = this.now();
      // Read before the transaction: SQLite has a single connection.
      const renewed =
        next.grant === 'start' && request.renewalOf
          ? await this.store.getRequest(request.renewalOf)
          : undefined;
      try {
        await this.store.transaction(async tx => {
          const changes: RequestChanges = { ...options.changes };
          if (next.decision) {
            changes.decidedBy = actor;
            changes.decisionNote = options.note ?? null;
            changes.decidedAt = now;
          }
          if (next.provisioning) {
            changes.provisioning = next.provisioning;
          }
          if (next.grant === 'start') {
            Object.assign(
              changes,
              await startGrant(tx, { request, renewed, actor, now }),
            );
          }
          const ok = await tx.updateRequest({
            request,
            to: next.to,
            changes,
            event: { type: next.event, actor, at: now, note: options.note },
            at: now,
          });
          if (!ok) {
            throw new LostRaceError();
          }
          if (next.grant === 'end' && request.grantId) {
            await tx.endGrant({
              id: request.grantId,
              status: next.to === 'expired' ? 'expired' : 'revoked',
              at: now,
            });
          }
        });
      } catch (error) {
        if (error instanceof LostRaceError) {
          continue;
        }
        if (error instanceof DuplicateOpenRequestError) {
          throw new ConflictError(
            `${error.message}: decide or cancel that one first`,
          );
        }
        throw error;
      }
      const changed = (await this.store.getRequest(id))!;
      await this.afterChange(action, changed, next, {
        note: options.note,
        notify: options.notify ?? true,
        triggeredBy: options.triggeredBy,
      });
      return { request: changed, changed: true };
    }
    throw new ConflictError(
      'This access request kept changing while it was being updated; try again',
    );
  }

  private async afterChange(
    action: AccessAction,
    request: StoredAccessRequest,
    next: Extract<Transition, { kind: 'change' }>,
    options: { note?: string; notify: boolean; triggeredBy?: string },
  ): Promise<void> {
    const actor = 'actor' in action ? action.actor : SYSTEM_ACTOR;
    if (next.grant !== 'none') {
      await this.triggerReconcile(
        [request.consumer],
        actor === SYSTEM_ACTOR ? options.triggeredBy : actor,
      );
    }
    const kind = NOTIFICATION_OF[action.type];
    if (options.notify && kind) {
      await this.notifier.notify(kind, request, actor, options.note);
    }
  }

  /** Asks for a reconcile of the consumers' roles; a failure leaves it to change detection. */
  async triggerReconcile(
    consumers: string[],
    requestedBy?: string,
  ): Promise<void> {
    const dataProducts = [...new Set(consumers)];
    if (dataProducts.length === 0) {
      return;
    }
    try {
      await this.reconciles.trigger(
        dataProducts,
        requestedBy && requestedBy !== SYSTEM_ACTOR ? requestedBy : undefined,
      );
    } catch (error) {
      this.options.logger.warn(
        `Could not queue a reconcile of ${dataProducts.join(
          ', ',
        )} after a grant change; change detection will pick it up: ${stringifyError(
          error,
        )}`,
      );
    }
  }

  /** Records a system change in the audit log. */
  async auditSystem(
    eventId: string,
    request: StoredAccessRequest,
    meta: Record<string, string> = {},
  ): Promise<void> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      meta: {
        requestId: request.id,
        dataset: request.dataset,
        consumer: request.consumer,
        actor: SYSTEM_ACTOR,
        ...meta,
      },
    });
    await event.success();
  }

  /** Applies an action for retirement; a request that changed meanwhile is left as it is. */
  async tryApply(
    id: string,
    action: AccessAction,
    note: string,
  ): Promise<StoredAccessRequest | undefined> {
    try {
      const result = await this.apply(id, action, { note });
      return result.changed ? result.request : undefined;
    } catch (error) {
      this.options.logger.warn(
        `Could not ${action.type} access request ${id}: ${stringifyError(
          error,
        )}`,
      );
      return undefined;
    }
  }
}
