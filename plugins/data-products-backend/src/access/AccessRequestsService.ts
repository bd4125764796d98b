/*
 * The access-requests service: the imperative shell around the state
 * machine. It reads a request, asks the machine what to do, writes the change
 * with a conditional update (retrying on a lost race), then does the side
 * effects: a reconcile of the consumer's roles, notifications, audit events.
 *
 * Permissions are checked by the caller (the router) before; the rules that
 * hold whatever the policy says (nobody decides their own request, only the
 * requester cancels, the states) are the machine's.
 */
import { randomUUID } from 'crypto';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  stringifyError,
} from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  AccessRequest,
  ACTIVE_ACCESS_REQUEST_STATUSES,
  OPEN_ACCESS_REQUEST_STATUSES,
  AccessRequestStatus,
  DataProductEntity,
  DatasetEntity,
  getDatasetProductRef,
  getOwnerRef,
} from '@meshport/plugin-data-products-common';
import type { AccessGrantsService, RetirementStatusService } from '../features';
import type {
  ProvisioningTrigger,
  RunFinishedEvent,
} from '../provisioning/Reconciler';
import type { AccessRequestsConfig } from './config';
import {
  DatabaseAccessRequestStore,
  DuplicateOpenRequestError,
  normalizeRef,
  RequestChanges,
  StoredAccessRequest,
  toApiRequest,
} from './DatabaseAccessRequestStore';
import { AccessNotificationKind, AccessNotifier } from './notifications';
import {
  AccessAction,
  computeValidity,
  DatasetAvailability,
  decideCreation,
  SYSTEM_ACTOR,
  transition,
  Transition,
} from './stateMachine';

/** How many times a change is re-decided after losing a race before giving up (409). */
const MAX_ATTEMPTS = 5;
/** Requests the expiry task handles per batch. */
const EXPIRY_BATCH = 200;

export interface AccessRequestsServiceOptions {
  store: DatabaseAccessRequestStore;
  provisioning: ProvisioningTrigger;
  auditor: AuditorService;
  logger: LoggerService;
  config: AccessRequestsConfig;
  notifications?: NotificationService;
  retirementStatus: RetirementStatusService;
  now?: () => Date;
}

/** The outcome of an action on a request. */
export interface ActionResult {
  request: StoredAccessRequest;
  /** False for an idempotent retry that found the work already done. */
  changed: boolean;
}

/** A second open request for a pair, said for people (no ids, no statuses). */
export function duplicateMessage(
  consumer: string,
  dataset: string,
  status: AccessRequestStatus | undefined,
): string {
  return status === 'approved' || status === 'granted'
    ? `${consumer} already has access to ${dataset}: renew that access instead of asking again`
    : `${consumer} already asked for access to ${dataset}: wait for the owners' decision, or cancel that request first`;
}

function refusalError(refusal: Extract<Transition, { kind: 'refused' }>) {
  return refusal.code === 403
    ? new NotAllowedError(refusal.reason)
    : new ConflictError(refusal.reason);
}

/**
 * Asks for reconciles one at a time, merging the products of the requests
 * that arrive meanwhile into the next one: a burst of approvals queues a few
 * runs over their consumers, not one run per approval. Each caller's promise
 * settles with the call that carried its products.
 */
export class CoalescingTrigger {
  private next:
    | {
        products: Set<string>;
        requestedBy?: string;
        mixed: boolean;
        waiters: Array<{ resolve(): void; reject(error: unknown): void }>;
      }
    | undefined;
  private inFlight = false;

  constructor(private readonly provisioning: ProvisioningTrigger) {}

  trigger(dataProducts: string[], requestedBy?: string): Promise<void> {
    if (!this.next) {
      this.next = {
        products: new Set(),
        requestedBy,
        mixed: false,
        waiters: [],
      };
    }
    const batch = this.next;
    dataProducts.forEach(product => batch.products.add(product));
    if (batch.requestedBy !== requestedBy) {
      // Several people's changes: the run is recorded for none of them.
      batch.mixed = true;
    }
    const done = new Promise<void>((resolve, reject) =>
      batch.waiters.push({ resolve, reject }),
    );
    if (!this.inFlight) {
      void this.flush();
    }
    return done;
  }

  private async flush(): Promise<void> {
    const batch = this.next;
    if (!batch) {
      return;
    }
    this.next = undefined;
    this.inFlight = true;
    try {
      await this.provisioning.trigger({
        reason: 'grant-change',
        dataProducts: [...batch.products].sort(),
        ...(batch.requestedBy && !batch.mixed
          ? { requestedBy: batch.requestedBy }
          : {}),
      });
      batch.waiters.forEach(waiter => waiter.resolve());
    } catch (error) {
      batch.waiters.forEach(waiter => waiter.reject(error));
    } finally {
      this.inFlight = false;
      if (this.next) {
        void this.flush();
      }
    }
  }
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

export class AccessRequestsService implements AccessGrantsService {
  private readonly store: DatabaseAccessRequestStore;
  private readonly notifier: AccessNotifier;
  private readonly now: () => Date;
  private readonly reconciles: CoalescingTrigger;
  private readonly retirementStatus: RetirementStatusService;

  constructor(private readonly options: AccessRequestsServiceOptions) {
    this.store = options.store;
    this.notifier = new AccessNotifier({
      notifications: options.notifications,
      logger: options.logger,
    });
    this.now = options.now ?? (() => new Date());
    this.reconciles = new CoalescingTrigger(options.provisioning);
    this.retirementStatus = options.retirementStatus;
  }

  /** What the catalog and retirement say about a dataset's availability. */
  async datasetAvailability(
    datasetRef: string,
    entity: DatasetEntity | undefined,
  ): Promise<DatasetAvailability> {
    return {
      exists: !!entity,
      lifecycle: entity?.spec.lifecycle,
      retirement: await this.retirementStatus.getDatasetRetirementState(
        datasetRef,
      ),
    };
  }

  /**
   * Creates a request of `consumer` for `dataset` by `actor`: pending, or
   * approved at once by `system` for an unrestricted dataset. 409 when the
   * pair already has an open request.
   */
  async create(options: {
    consumer: DataProductEntity;
    dataset: DatasetEntity;
    environments: string[];
    purpose: string;
    duration?: string;
    actor: string;
  }): Promise<StoredAccessRequest> {
    const { consumer, dataset, actor } = options;
    const consumerRef = normalizeRef(stringifyEntityRef(consumer));
    const datasetRef = normalizeRef(stringifyEntityRef(dataset));
    const decision = decideCreation({
      access: dataset.spec.access,
      dataset: await this.datasetAvailability(datasetRef, dataset),
      datasetProduct: getDatasetProductRef(dataset),
      consumer: consumerRef,
      consumerRetirement: await this.retirementStatus.getProductRetirementState(
        consumerRef,
      ),
    });
    if (decision.kind === 'refused') {
      if (decision.code === 400) {
        throw new InputError(`body.consumer: ${decision.reason}`);
      }
      throw refusalError({ ...decision, code: decision.code });
    }

    const datasetOwner = normalizeRef(getOwnerRef(dataset));
    await this.store.refreshDatasetOwner(datasetRef, datasetOwner);
    const now = this.now();
    const request: StoredAccessRequest = {
      id: randomUUID(),
      consumer: consumerRef,
      consumerOwner: normalizeRef(getOwnerRef(consumer)),
      dataset: datasetRef,
      datasetOwner,
      environments: options.environments,
      purpose: options.purpose,
      ...(options.duration ? { requestedDuration: options.duration } : {}),
      requester: normalizeRef(actor),
      status: 'pending',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const created = await this.insert(request, undefined, {
      consumer: consumer.metadata.title ?? consumer.metadata.name,
      dataset: dataset.metadata.title ?? dataset.metadata.name,
    });
    if (decision.status === 'approved') {
      return this.autoApprove(created);
    }
    await this.notifier.notify('requested', created, request.requester);
    return created;
  }

  /**
   * Asks to renew an active request: a new request (`renewalOf`) that, once
   * approved, takes the grant over and extends its window.
   */
  async renew(options: {
    request: StoredAccessRequest;
    dataset: DatasetEntity | undefined;
    duration?: string;
    note?: string;
    actor: string;
  }): Promise<StoredAccessRequest> {
    const { request: original, dataset, actor } = options;
    const availability = await this.datasetAvailability(
      original.dataset,
      dataset,
    );
    const check = transition(original, {
      type: 'renew',
      actor,
      dataset: availability,
    });
    if (check.kind === 'refused') {
      throw refusalError(check);
    }
    if (dataset?.spec.access === 'private') {
      throw new NotAllowedError(
        'The dataset is private: its access cannot be requested (only its own product reads it)',
      );
    }
    let datasetOwner = original.datasetOwner;
    if (dataset) {
      datasetOwner = normalizeRef(getOwnerRef(dataset));
      await this.store.refreshDatasetOwner(original.dataset, datasetOwner);
    }
    const now = this.now();
    const duration = options.duration ?? original.requestedDuration;
    const renewal: StoredAccessRequest = {
      id: randomUUID(),
      consumer: original.consumer,
      consumerOwner: original.consumerOwner,
      dataset: original.dataset,
      datasetOwner,
      environments: original.environments,
      purpose: original.purpose,
      ...(duration ? { requestedDuration: duration } : {}),
      requester: normalizeRef(actor),
      status: 'pending',
      renewalOf: original.id,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const created = await this.insert(renewal, {
      note: options.note,
      renewed: original,
    });
    if (dataset?.spec.access === 'unrestricted') {
      return this.autoApprove(created);
    }
    await this.notifier.notify('requested', created, renewal.requester);
    return created;
  }

  private async insert(
    request: StoredAccessRequest,
    renewal?: { note?: string; renewed: StoredAccessRequest },
    titles?: { consumer: string; dataset: string },
  ): Promise<StoredAccessRequest> {
    const at = new Date(request.createdAt);
    try {
      return await this.store.insertRequest({
        request,
        event: {
          type: 'created',
          actor: request.requester,
          at,
          note: renewal?.note,
        },
        extraEvents: renewal
          ? [
              {
                requestId: renewal.renewed.id,
                event: {
                  type: 'renewal-requested',
                  actor: request.requester,
                  at,
                  fromStatus: renewal.renewed.status,
                  toStatus: renewal.renewed.status,
                  note: `Renewal requested: ${request.id}`,
                },
              },
            ]
          : [],
      });
    } catch (error) {
      if (!(error instanceof DuplicateOpenRequestError)) {
        throw error;
      }
      const existing = renewal
        ? await this.store.findPendingRenewal(renewal.renewed.id)
        : await this.store.findOpenRequest(request.consumer, request.dataset);
      throw new ConflictError(
        renewal
          ? `A renewal of this request is already pending${
              existing ? ` (${existing.id})` : ''
            }`
          : duplicateMessage(
              titles?.consumer ?? request.consumer,
              titles?.dataset ?? request.dataset,
              existing?.status,
            ),
      );
    }
  }

  private async autoApprove(
    request: StoredAccessRequest,
  ): Promise<StoredAccessRequest> {
    const note = 'The dataset is unrestricted: approved at once';
    const { request: approved } = await this.apply(
      request.id,
      {
        type: 'approve',
        actor: SYSTEM_ACTOR,
        dataset: { exists: true },
      },
      { note, notify: false, triggeredBy: request.requester },
    );
    await this.notifier.notify('auto-approved', approved, request.requester);
    return approved;
  }

  async approve(
    request: StoredAccessRequest,
    options: {
      actor: string;
      note?: string;
      dataset: DatasetEntity | undefined;
      /** See the approve action of the state machine. */
      actorOwnsConsumer?: boolean;
    },
  ): Promise<ActionResult> {
    await this.refreshOwner(request, options.dataset);
    return this.apply(
      request.id,
      {
        type: 'approve',
        actor: normalizeRef(options.actor),
        actorOwnsConsumer: options.actorOwnsConsumer,
        dataset: await this.datasetAvailability(
          request.dataset,
          options.dataset,
        ),
      },
      { note: options.note, read: request },
    );
  }

  async deny(
    request: StoredAccessRequest,
    options: {
      actor: string;
      note?: string;
      dataset: DatasetEntity | undefined;
    },
  ): Promise<ActionResult> {
    await this.refreshOwner(request, options.dataset);
    return this.apply(
      request.id,
      { type: 'deny', actor: normalizeRef(options.actor) },
      { note: options.note, read: request },
    );
  }

  async cancel(
    request: StoredAccessRequest,
    options: { actor: string; note?: string },
  ): Promise<ActionResult> {
    return this.apply(
      request.id,
      { type: 'cancel', actor: normalizeRef(options.actor) },
      { note: options.note, read: request },
    );
  }

  async revoke(
    request: StoredAccessRequest,
    options: { actor: string; note?: string },
  ): Promise<ActionResult> {
    return this.apply(
      request.id,
      {
        type: 'revoke',
        actor:
          options.actor === SYSTEM_ACTOR
            ? SYSTEM_ACTOR
            : normalizeRef(options.actor),
      },
      { note: options.note, read: request },
    );
  }

  private async refreshOwner(
    request: StoredAccessRequest,
    dataset: DatasetEntity | undefined,
  ): Promise<void> {
    if (!dataset) {
      return;
    }
    const owner = normalizeRef(getOwnerRef(dataset));
    if (owner !== request.datasetOwner) {
      await this.store.refreshDatasetOwner(request.dataset, owner);
    }
  }

  /**
   * Applies `action` to the request: decides it on the current row, writes it
   * with a conditional update, and on a lost race decides again on the new
   * row (which then gives the same result for a retry, or a 409).
   */
  private async apply(
    id: string,
    action: AccessAction,
    options: {
      note?: string;
      /** Send the action's usual notification (default true). */
      notify?: boolean;
      /** Whom the reconcile is recorded for when the actor is `system`. */
      triggeredBy?: string;
      changes?: RequestChanges;
      /** The request as the caller just read it (saves a read). */
      read?: StoredAccessRequest;
    } = {},
  ): Promise<ActionResult> {
    const actor = 'actor' in action ? action.actor : SYSTEM_ACTOR;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The caller's read first; after a lost race, the current row.
      const request =
        attempt === 0 && options.read?.id === id
          ? options.read
          : await this.store.getRequest(id);
      if (!request) {
        throw new ConflictError(`Access request ${id} does not exist`);
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
            // A renewal takes over the grant of the request it renews,
            // as long as that one is still active; otherwise it starts anew.
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
              changes.grantId = renewed.grantId;
              changes.validFrom = validity.validFrom;
              changes.validUntil = validity.validUntil ?? null;
              await tx.extendGrant({
                id: renewed.grantId,
                requestId: request.id,
                validUntil: validity.validUntil,
                at: now,
              });
            } else {
              const validity = computeValidity({
                now,
                duration: request.requestedDuration,
              });
              changes.grantId = randomUUID();
              changes.validFrom = validity.validFrom;
              changes.validUntil = validity.validUntil ?? null;
              await tx.insertGrant(
                {
                  id: changes.grantId,
                  requestId: request.id,
                  consumer: request.consumer,
                  dataset: request.dataset,
                  environments: request.environments,
                  validFrom: validity.validFrom,
                  validUntil: validity.validUntil,
                },
                now,
              );
            }
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
      `Access request ${id} kept changing while it was being updated; try again`,
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
  private async triggerReconcile(
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
  private async auditSystem(
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

  /**
   * A finished provisioning run moves the approved requests whose grants it
   * included (and covered: a scoped run only applies its products) to
   * granted, "planned" in plan mode or "applied" in apply mode; in apply
   * mode not those a provisioner says it does not hold yet
   * (`grantIdsNotHeld`, e.g. a Lake Formation permission missing).
   */
  async handleRunFinished(event: RunFinishedEvent): Promise<number> {
    const { run } = event;
    if (run.status === 'failed' || event.grantIds.length === 0) {
      return 0;
    }
    // A grant the platform does not hold yet stays awaiting provisioning.
    const notHeld = new Set(event.grantIdsNotHeld ?? []);
    const grantIds = new Set(event.grantIds.filter(id => !notHeld.has(id)));
    const scope = event.dataProducts
      ? new Set(event.dataProducts.map(normalizeRef))
      : undefined;
    const candidates = await this.store.listAwaitingProvisioning({
      includePlanned: run.mode === 'apply',
    });
    let granted = 0;
    for (const candidate of candidates) {
      if (
        !candidate.grantId ||
        !grantIds.has(candidate.grantId) ||
        (scope && !scope.has(candidate.consumer))
      ) {
        continue;
      }
      try {
        const { changed, request } = await this.apply(candidate.id, {
          type: 'provisioned',
          mode: run.mode,
          runStatus: run.status,
        });
        if (changed) {
          granted++;
          await this.auditSystem('access-request-grant', request, {
            runId: run.id,
            provisioning: request.provisioning ?? '',
          });
        }
      } catch (error) {
        // Revoked or expired meanwhile: nothing to grant.
        this.options.logger.debug(
          `Access request ${candidate.id} not marked granted after run ${
            run.id
          }: ${stringifyError(error)}`,
        );
      }
    }
    return granted;
  }

  /**
   * The scheduled task: expires the grants whose window ended (and asks for
   * a reconcile of their consumers), then tells the consumers of grants that
   * end within the notice period, once each.
   */
  async runExpiry(): Promise<{ expired: number; notified: number }> {
    const now = this.now();
    const consumers: string[] = [];
    const seen = new Set<string>();
    let expired = 0;
    for (;;) {
      const due = (await this.store.listDueForExpiry(now, EXPIRY_BATCH)).filter(
        request => !seen.has(request.id),
      );
      if (due.length === 0) {
        break;
      }
      for (const candidate of due) {
        seen.add(candidate.id);
        try {
          const { changed, request } = await this.apply(
            candidate.id,
            { type: 'expire', now },
            { notify: false },
          );
          if (changed) {
            expired++;
            consumers.push(request.consumer);
            await this.auditSystem('access-request-expire', request);
            await this.notifier.notify('expired', request, SYSTEM_ACTOR);
          }
        } catch (error) {
          this.options.logger.warn(
            `Could not expire access request ${candidate.id}: ${stringifyError(
              error,
            )}`,
          );
        }
      }
    }
    // `apply` asked for a reconcile per request; nothing more to do here.
    let notified = 0;
    const noticeMs = this.options.config.expiryNoticeMs;
    if (noticeMs > 0) {
      const until = new Date(now.getTime() + noticeMs);
      const noticeSeen = new Set<string>();
      for (;;) {
        const due = (
          await this.store.listDueForExpiryNotice(until, EXPIRY_BATCH)
        ).filter(request => !noticeSeen.has(request.id));
        if (due.length === 0) {
          break;
        }
        for (const candidate of due) {
          noticeSeen.add(candidate.id);
          try {
            const { changed, request } = await this.apply(
              candidate.id,
              { type: 'notify-expiry', now, noticeMs },
              { changes: { expiryNotifiedAt: now } },
            );
            if (changed) {
              notified++;
              await this.auditSystem('access-request-expiry-notice', request);
              await this.notifier.notify('expiring', request, SYSTEM_ACTOR);
            }
          } catch (error) {
            this.options.logger.warn(
              `Could not send the expiry notice of access request ${
                candidate.id
              }: ${stringifyError(error)}`,
            );
          }
        }
      }
    }
    if (expired || notified) {
      this.options.logger.info(
        `Access requests: ${expired} grant(s) expired (${
          new Set(consumers).size
        } consumer(s)), ${notified} expiry notice(s) sent`,
      );
    }
    return { expired, notified };
  }

  // AccessGrantsService (for retirement)

  async listActiveForDatasets(datasetRefs: string[]): Promise<AccessRequest[]> {
    if (datasetRefs.length === 0) {
      return [];
    }
    const requests = await this.store.listForDatasets(datasetRefs, [
      ...ACTIVE_ACCESS_REQUEST_STATUSES,
    ]);
    return requests.map(toApiRequest);
  }

  async listActiveForConsumer(productRef: string): Promise<AccessRequest[]> {
    const requests = await this.store.listForConsumer(productRef, [
      ...ACTIVE_ACCESS_REQUEST_STATUSES,
    ]);
    return requests.map(toApiRequest);
  }

  async listOpenForDatasets(datasetRefs: string[]): Promise<AccessRequest[]> {
    if (datasetRefs.length === 0) {
      return [];
    }
    const requests = await this.store.listForDatasets(datasetRefs, [
      ...OPEN_ACCESS_REQUEST_STATUSES,
    ]);
    return requests.map(toApiRequest);
  }

  async listOpenForConsumer(productRef: string): Promise<AccessRequest[]> {
    const requests = await this.store.listForConsumer(productRef, [
      ...OPEN_ACCESS_REQUEST_STATUSES,
    ]);
    return requests.map(toApiRequest);
  }

  async revokeAllForDatasets(
    datasetRefs: string[],
    options: { actor: string; note: string },
  ): Promise<AccessRequest[]> {
    if (datasetRefs.length === 0) {
      return [];
    }
    return this.closeAll(
      statuses => this.store.listForDatasets(datasetRefs, statuses),
      options,
    );
  }

  async revokeAllForConsumer(
    productRef: string,
    options: { actor: string; note: string },
  ): Promise<AccessRequest[]> {
    return this.closeAll(
      statuses => this.store.listForConsumer(productRef, statuses),
      options,
    );
  }

  /**
   * Closes what `list` finds for retirement: pending requests are cancelled
   * (the actor's own) or denied, active ones revoked, each with the note.
   */
  private async closeAll(
    list: (statuses: AccessRequestStatus[]) => Promise<StoredAccessRequest[]>,
    options: { actor: string; note: string },
  ): Promise<AccessRequest[]> {
    const actor =
      options.actor === SYSTEM_ACTOR
        ? SYSTEM_ACTOR
        : normalizeRef(options.actor);
    const changed: StoredAccessRequest[] = [];
    // Pending ones first (renewals included), so none is approved afterwards.
    const pending = await list(['pending']);
    for (const request of pending) {
      const own = request.requester === actor;
      const result = await this.tryApply(
        request.id,
        own ? { type: 'cancel', actor } : { type: 'deny', actor },
        options.note,
      );
      if (result) {
        changed.push(result);
        await this.auditSystem(
          own ? 'access-request-cancel' : 'access-request-deny',
          result,
          { via: 'retirement', actor },
        );
      }
    }
    const active = await list([...ACTIVE_ACCESS_REQUEST_STATUSES]);
    for (const request of active) {
      const result = await this.tryApply(
        request.id,
        { type: 'revoke', actor },
        options.note,
      );
      if (result) {
        changed.push(result);
        await this.auditSystem('access-request-revoke', result, {
          via: 'retirement',
          actor,
        });
      }
    }
    return changed.map(toApiRequest);
  }

  /** Applies an action for retirement; a request that changed meanwhile is left as it is. */
  private async tryApply(
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
