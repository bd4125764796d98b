/*
 * Grants as other features see them: the provisioning run that marks them
 * granted, and for retirement and the consumption model, listing the active
 * and open requests of datasets or consumers and closing them all.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  AccessRequest,
  ACTIVE_ACCESS_REQUEST_STATUSES,
  AccessRequestStatus,
  OPEN_ACCESS_REQUEST_STATUSES,
} from '@meshport/plugin-data-products-common';
import type { AccessGrantsService } from '../features';
import type { RunFinishedEvent } from '../provisioning/Reconciler';
import {
  AccessRequestStore,
  normalizeRef,
  StoredAccessRequest,
  toApiRequest,
} from './AccessRequestStore';
import type { RequestActions } from './RequestActions';
import { SYSTEM_ACTOR } from './stateMachine';

export interface AccessGrantsOptions {
  store: AccessRequestStore;
  actions: RequestActions;
  logger: LoggerService;
}

export class AccessGrants implements AccessGrantsService {
  private readonly store: AccessRequestStore;
  private readonly actions: RequestActions;

  constructor(private readonly options: AccessGrantsOptions) {
    this.store = options.store;
    this.actions = options.actions;
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
        const { changed, request } = await this.actions.apply(candidate.id, {
          type: 'provisioned',
          mode: run.mode,
          runStatus: run.status,
        });
        if (changed) {
          granted++;
          await this.actions.auditSystem('access-request-grant', request, {
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
      const result = await this.actions.tryApply(
        request.id,
        own ? { type: 'cancel', actor } : { type: 'deny', actor },
        options.note,
      );
      if (result) {
        changed.push(result);
        await this.actions.auditSystem(
          own ? 'access-request-cancel' : 'access-request-deny',
          result,
          { via: 'retirement', actor },
        );
      }
    }
    const active = await list([...ACTIVE_ACCESS_REQUEST_STATUSES]);
    for (const request of active) {
      const result = await this.actions.tryApply(
        request.id,
        { type: 'revoke', actor },
        options.note,
      );
      if (result) {
        changed.push(result);
        await this.actions.auditSystem('access-request-revoke', result, {
          via: 'retirement',
          actor,
        });
      }
    }
    return changed.map(toApiRequest);
  }
}
