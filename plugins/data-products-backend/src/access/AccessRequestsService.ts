/*
 * The access-requests service: the imperative shell around the state
 * machine for people's actions (create, renew, approve, deny, cancel,
 * revoke). Each change goes through RequestActions (decide, write with a
 * conditional update, reconcile, notify); the scheduled expiry is
 * AccessExpiryJob, what other features read and close is AccessGrants.
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
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  AccessRequest,
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
import { AccessExpiryJob } from './AccessExpiryJob';
import { AccessGrants } from './AccessGrants';
import { AccessMigrations, MigrationResult } from './AccessMigrations';
import {
  AccessRequestStore,
  DuplicateOpenRequestError,
  normalizeRef,
  StoredAccessRequest,
} from './AccessRequestStore';
import type { AccessRequestsConfig } from './config';
import { AccessNotifier, type NameLookup } from './notifications';
import {
  ActionResult,
  ApplyOptions,
  refusalError,
  RequestActions,
} from './RequestActions';
import {
  AccessAction,
  DatasetAvailability,
  decideCreation,
  SYSTEM_ACTOR,
  transition,
} from './stateMachine';

export type { ActionResult } from './RequestActions';

export interface AccessRequestsServiceOptions {
  store: AccessRequestStore;
  provisioning: ProvisioningTrigger;
  auditor: AuditorService;
  logger: LoggerService;
  config: AccessRequestsConfig;
  notifications?: NotificationService;
  /** Names for the notifications' sentences (titles, display names). */
  names?: NameLookup;
  retirementStatus: RetirementStatusService;
  now?: () => Date;
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

export class AccessRequestsService implements AccessGrantsService {
  private readonly store: AccessRequestStore;
  private readonly notifier: AccessNotifier;
  private readonly now: () => Date;
  private readonly actions: RequestActions;
  private readonly grants: AccessGrants;
  private readonly expiry: AccessExpiryJob;
  private readonly migrations: AccessMigrations;
  private readonly retirementStatus: RetirementStatusService;

  constructor(options: AccessRequestsServiceOptions) {
    this.store = options.store;
    this.notifier = new AccessNotifier({
      notifications: options.notifications,
      logger: options.logger,
      names: options.names,
    });
    this.now = options.now ?? (() => new Date());
    this.actions = new RequestActions({
      store: options.store,
      notifier: this.notifier,
      provisioning: options.provisioning,
      auditor: options.auditor,
      logger: options.logger,
      now: this.now,
    });
    this.grants = new AccessGrants({
      store: options.store,
      actions: this.actions,
      logger: options.logger,
    });
    this.expiry = new AccessExpiryJob({
      store: options.store,
      actions: this.actions,
      notifier: this.notifier,
      logger: options.logger,
      config: options.config,
      now: this.now,
    });
    this.migrations = new AccessMigrations({
      store: options.store,
      actions: this.actions,
      notifier: this.notifier,
      create: request => this.create(request),
      now: this.now,
    });
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
          ? "A renewal of this access is already waiting for the dataset owners' decision: cancel it to ask again"
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

  private apply(
    id: string,
    action: AccessAction,
    options?: ApplyOptions,
  ): Promise<ActionResult> {
    return this.actions.apply(id, action, options);
  }

  // The expiry job, the grants and "migrate to v2" (see AccessExpiryJob,
  // AccessGrants and AccessMigrations).

  /** Moves a consumer's access to the version replacing its dataset. */
  migrate(
    input: Parameters<AccessMigrations['migrate']>[0],
  ): Promise<MigrationResult> {
    return this.migrations.migrate(input);
  }

  /** The scheduled task: expires due grants, then sends expiry notices. */
  runExpiry(): Promise<{ expired: number; notified: number }> {
    return this.expiry.run();
  }

  /** Marks granted the approved requests a finished provisioning run covered. */
  handleRunFinished(event: RunFinishedEvent): Promise<number> {
    return this.grants.handleRunFinished(event);
  }

  listActiveForDatasets(datasetRefs: string[]): Promise<AccessRequest[]> {
    return this.grants.listActiveForDatasets(datasetRefs);
  }

  listActiveForConsumer(productRef: string): Promise<AccessRequest[]> {
    return this.grants.listActiveForConsumer(productRef);
  }

  listOpenForDatasets(datasetRefs: string[]): Promise<AccessRequest[]> {
    return this.grants.listOpenForDatasets(datasetRefs);
  }

  listOpenForConsumer(productRef: string): Promise<AccessRequest[]> {
    return this.grants.listOpenForConsumer(productRef);
  }

  revokeAllForDatasets(
    datasetRefs: string[],
    options: { actor: string; note: string },
  ): Promise<AccessRequest[]> {
    return this.grants.revokeAllForDatasets(datasetRefs, options);
  }

  revokeAllForConsumer(
    productRef: string,
    options: { actor: string; note: string },
  ): Promise<AccessRequest[]> {
    return this.grants.revokeAllForConsumer(productRef, options);
  }
}
