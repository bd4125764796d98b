/*
 * "Migrate to v2": a consumer's owner accepts that its access to a
 * deprecated dataset version moves to the version replacing it. The rules
 * are migration.ts's; this writes them (one transaction for a move), asks
 * for a reconcile of the consumer and tells the new version's owners.
 * Idempotent: an open request on the new version means it is done.
 */
import { randomUUID } from 'crypto';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import {
  AccessMigrationOutcome,
  DataProductEntity,
  DatasetEntity,
  getOwnerRef,
  PendingVersion,
} from '@meshport/plugin-data-products-common';
import { formatDay } from '../contracts/days';
import {
  AccessRequestStore,
  DuplicateOpenRequestError,
  normalizeRef,
  StoredAccessRequest,
} from './AccessRequestStore';
import { oldGrantEnd, planMigration } from './migration';
import type { AccessRequestsService } from './AccessRequestsService';
import type { AccessNotifier } from './notifications';
import type { RequestActions } from './RequestActions';
import { SYSTEM_ACTOR } from './stateMachine';

/** How a request on the new version is asked for. */
export type CreateAccessRequest = AccessRequestsService['create'];

export interface AccessMigrationsOptions {
  store: AccessRequestStore;
  actions: RequestActions;
  notifier: AccessNotifier;
  create: CreateAccessRequest;
  now: () => Date;
}

export interface MigrationResult {
  outcome: AccessMigrationOutcome;
  request: StoredAccessRequest;
  previous: StoredAccessRequest;
  changed: boolean;
}

const titleOf = (entity: { metadata: { name: string; title?: string } }) =>
  entity.metadata.title ?? entity.metadata.name;

export class AccessMigrations {
  constructor(private readonly options: AccessMigrationsOptions) {}

  async migrate(input: {
    /** The request on the old version. */
    request: StoredAccessRequest;
    consumer: DataProductEntity;
    successor: DatasetEntity;
    version: PendingVersion;
    actor: string;
  }): Promise<MigrationResult> {
    const { request, successor, version } = input;
    const successorRef = normalizeRef(stringifyEntityRef(successor));
    const done = await this.already(request, successorRef);
    if (done) {
      return done;
    }
    const plan = planMigration({
      status: request.status,
      changes: version.changes,
    });
    if (plan.kind === 'refused') {
      throw new ConflictError(plan.reason);
    }
    try {
      return plan.kind === 'move'
        ? await this.move(input, successorRef)
        : await this.request(input);
    } catch (error) {
      // Another accept of the same migration came first.
      const raced = await this.already(request, successorRef);
      if (
        raced &&
        (error instanceof DuplicateOpenRequestError ||
          error instanceof ConflictError)
      ) {
        return raced;
      }
      throw error;
    }
  }

  private async already(
    request: StoredAccessRequest,
    successorRef: string,
  ): Promise<MigrationResult | undefined> {
    const existing = await this.options.store.findOpenRequest(
      request.consumer,
      successorRef,
    );
    return existing
      ? {
          outcome: 'already-migrated',
          request: existing,
          previous: (await this.options.store.getRequest(request.id))!,
          changed: false,
        }
      : undefined;
  }

  /** Access tighter on the new version, or still pending: its owners decide. */
  private async request(input: {
    request: StoredAccessRequest;
    consumer: DataProductEntity;
    successor: DatasetEntity;
    actor: string;
  }): Promise<MigrationResult> {
    const { request, actor } = input;
    const created = await this.options.create({
      consumer: input.consumer,
      dataset: input.successor,
      environments: request.environments,
      purpose: request.purpose,
      duration: request.requestedDuration,
      actor,
    });
    let previous = request;
    if (
      request.status === 'pending' &&
      normalizeRef(actor) === request.requester
    ) {
      // Asked again on the new version: the old question is withdrawn.
      const cancelled = await this.options.actions.tryApply(
        request.id,
        { type: 'cancel', actor: normalizeRef(actor) },
        `Moved to ${titleOf(input.successor)}`,
      );
      previous = cancelled ?? previous;
    }
    return {
      outcome: created.status === 'pending' ? 'requested' : 'moved',
      request: created,
      previous,
      changed: true,
    };
  }

  /** Not tighter: a grant on the new version now, the old one ends on the sunset. */
  private async move(
    input: {
      request: StoredAccessRequest;
      successor: DatasetEntity;
      version: PendingVersion;
      actor: string;
    },
    successorRef: string,
  ): Promise<MigrationResult> {
    const { request, successor, version } = input;
    const { store, actions, notifier } = this.options;
    const actor = normalizeRef(input.actor);
    const now = this.options.now();
    const at = now.toISOString();
    const oldEnd = oldGrantEnd(request.validUntil, version.sunset);
    const grantId = randomUUID();
    const moved: StoredAccessRequest = {
      id: randomUUID(),
      consumer: request.consumer,
      consumerOwner: request.consumerOwner,
      dataset: successorRef,
      datasetOwner: normalizeRef(getOwnerRef(successor)),
      environments: request.environments,
      purpose: request.purpose,
      ...(request.requestedDuration
        ? { requestedDuration: request.requestedDuration }
        : {}),
      requester: actor,
      status: 'approved',
      decidedBy: SYSTEM_ACTOR,
      // the requester is the actor: the note names no one by ref
      decisionNote:
        'Moved from the version it replaces when its requester accepted the migration',
      decidedAt: at,
      validFrom: at,
      ...(request.validUntil ? { validUntil: request.validUntil } : {}),
      grantId,
      provisioning: 'pending',
      createdAt: at,
      updatedAt: at,
    };
    const sunset = formatDay(version.sunset);
    const note = `Moved to ${titleOf(
      successor,
    )}; this access ends on ${sunset}`;
    await store.transaction(async tx => {
      await tx.insertRequest({
        request: moved,
        event: { type: 'migrated', actor, at: now, note: moved.decisionNote },
        grant: {
          id: grantId,
          requestId: moved.id,
          consumer: moved.consumer,
          dataset: moved.dataset,
          environments: moved.environments,
          validFrom: at,
          validUntil: moved.validUntil,
        },
      });
      const ok = await tx.updateRequest({
        request,
        to: request.status,
        changes: { validUntil: oldEnd },
        event: { type: 'migrated', actor, at: now, note },
        at: now,
      });
      if (!ok) {
        throw new ConflictError(
          'The access changed while it was being moved; try again',
        );
      }
      if (request.grantId) {
        await tx.extendGrant({
          id: request.grantId,
          requestId: request.id,
          validUntil: oldEnd,
          at: now,
        });
      }
    });
    await actions.triggerReconcile([moved.consumer], actor);
    const created = (await store.getRequest(moved.id))!;
    await notifier.notify(
      'migrated',
      created,
      actor,
      `Its access to the version this one replaces ends on ${sunset}.`,
    );
    return {
      outcome: 'moved',
      request: created,
      previous: (await store.getRequest(request.id))!,
      changed: true,
    };
  }
}
