/*
 * One transaction of the access-requests store: conditional request updates
 * (the change applies only while the request is as it was read) with their
 * events, and grant writes.
 */
import type { Knex } from 'knex';
import {
  AccessRequestStoreTransaction,
  DuplicateOpenRequestError,
  InsertRequestOptions,
  NewGrant,
  RequestUpdate,
} from './AccessRequestStore';
import {
  EVENTS,
  eventRow,
  GRANTS,
  isUniqueViolation,
  openSlot,
  requestToRow,
  REQUESTS,
  toDate,
} from './accessRequestRows';

export class DatabaseAccessRequestTransaction
  implements AccessRequestStoreTransaction
{
  constructor(private readonly tx: Knex.Transaction) {}

  async insertRequest(options: InsertRequestOptions): Promise<void> {
    const { request, event, grant } = options;
    const at = new Date(request.createdAt);
    try {
      await this.tx(REQUESTS).insert(requestToRow(request, at));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DuplicateOpenRequestError(
          `${request.consumer} already has an open request for ${request.dataset}`,
        );
      }
      throw error;
    }
    await this.tx(EVENTS).insert(
      eventRow(request.id, { ...event, toStatus: request.status }),
    );
    for (const extra of options.extraEvents ?? []) {
      await this.tx(EVENTS).insert(eventRow(extra.requestId, extra.event));
    }
    if (grant) {
      await this.insertGrant(grant, at);
    }
  }

  async updateRequest(update: RequestUpdate): Promise<boolean> {
    const { request, to, changes = {}, event, at } = update;
    const set: Record<string, unknown> = {
      status: to,
      open_slot: openSlot(request, to),
      updated_at: at,
    };
    if (changes.decidedBy !== undefined) set.decided_by = changes.decidedBy;
    if (changes.decisionNote !== undefined) {
      set.decision_note = changes.decisionNote;
    }
    if (changes.decidedAt !== undefined) set.decided_at = changes.decidedAt;
    if (changes.validFrom !== undefined) {
      set.valid_from = toDate(changes.validFrom);
    }
    if (changes.validUntil !== undefined) {
      set.valid_until = toDate(changes.validUntil);
    }
    if (changes.grantId !== undefined) set.grant_id = changes.grantId;
    if (changes.provisioning !== undefined) {
      set.provisioning = changes.provisioning;
    }
    if (changes.renewedBy !== undefined) set.renewed_by = changes.renewedBy;
    if (changes.expiryNotifiedAt !== undefined) {
      set.expiry_notified_at = changes.expiryNotifiedAt;
    }

    const query = this.tx(REQUESTS)
      .where({ id: request.id, status: request.status })
      .update(set);
    // The state it was decided from, in full: status, provisioning, notice.
    if (request.provisioning) {
      query.andWhere('provisioning', request.provisioning);
    } else {
      query.whereNull('provisioning');
    }
    if (changes.expiryNotifiedAt !== undefined) {
      query.whereNull('expiry_notified_at');
    }
    let updated: number;
    try {
      updated = await query;
    } catch (error) {
      // A renewal taking the pair's slot while another request holds it.
      if (isUniqueViolation(error)) {
        throw new DuplicateOpenRequestError(
          `${request.consumer} already has an open request for ${request.dataset}`,
        );
      }
      throw error;
    }
    if (updated !== 1) {
      return false;
    }
    await this.tx(EVENTS).insert(
      eventRow(request.id, {
        ...event,
        fromStatus: request.status,
        toStatus: to,
      }),
    );
    return true;
  }

  async insertGrant(grant: NewGrant, at: Date): Promise<void> {
    await this.tx(GRANTS).insert({
      id: grant.id,
      request_id: grant.requestId,
      consumer: grant.consumer,
      dataset: grant.dataset,
      environments: JSON.stringify(grant.environments),
      valid_from: toDate(grant.validFrom),
      valid_until: toDate(grant.validUntil),
      status: 'active',
      created_at: at,
      updated_at: at,
    });
  }

  async extendGrant(options: {
    id: string;
    requestId: string;
    validUntil?: string;
    at: Date;
  }): Promise<void> {
    await this.tx(GRANTS)
      .where({ id: options.id, status: 'active' })
      .update({
        request_id: options.requestId,
        valid_until: toDate(options.validUntil),
        updated_at: options.at,
      });
  }

  async endGrant(options: {
    id: string;
    status: 'revoked' | 'expired';
    at: Date;
  }): Promise<void> {
    await this.tx(GRANTS).where({ id: options.id, status: 'active' }).update({
      status: options.status,
      ended_at: options.at,
      updated_at: options.at,
    });
  }
}
