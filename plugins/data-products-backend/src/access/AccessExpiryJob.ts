/*
 * The scheduled expiry of access: ends the grants whose window passed (and
 * asks for a reconcile of their consumers), then tells the consumers of
 * grants that end within the notice period, once each.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type {
  AccessRequestStore,
  StoredAccessRequest,
} from './AccessRequestStore';
import type { AccessRequestsConfig } from './config';
import type { AccessNotifier } from './notifications';
import type { RequestActions } from './RequestActions';
import { SYSTEM_ACTOR } from './stateMachine';

/** Requests the expiry task handles per batch. */
const EXPIRY_BATCH = 200;

export interface AccessExpiryJobOptions {
  store: AccessRequestStore;
  actions: RequestActions;
  notifier: AccessNotifier;
  logger: LoggerService;
  config: Pick<AccessRequestsConfig, 'expiryNoticeMs'>;
  now: () => Date;
}

/**
 * Calls `handle` on each request `list` returns, batch after batch, until a
 * batch brings nothing new (a request that failed stays in the list: it is
 * not handled twice).
 */
async function forEachDue(
  list: () => Promise<StoredAccessRequest[]>,
  handle: (request: StoredAccessRequest) => Promise<void>,
): Promise<void> {
  const seen = new Set<string>();
  for (;;) {
    const due = (await list()).filter(request => !seen.has(request.id));
    if (due.length === 0) {
      return;
    }
    for (const request of due) {
      seen.add(request.id);
      await handle(request);
    }
  }
}

export class AccessExpiryJob {
  constructor(private readonly options: AccessExpiryJobOptions) {}

  async run(): Promise<{ expired: number; notified: number }> {
    const { store, actions, notifier, logger } = this.options;
    const now = this.options.now();
    const consumers = new Set<string>();
    let expired = 0;
    await forEachDue(
      () => store.listDueForExpiry(now, EXPIRY_BATCH),
      async candidate => {
        try {
          const { changed, request } = await actions.apply(
            candidate.id,
            { type: 'expire', now },
            { notify: false },
          );
          if (changed) {
            expired++;
            consumers.add(request.consumer);
            await actions.auditSystem('access-request-expire', request);
            await notifier.notify('expired', request, SYSTEM_ACTOR);
          }
        } catch (error) {
          logger.warn(
            `Could not expire access request ${candidate.id}: ${stringifyError(
              error,
            )}`,
          );
        }
      },
    );
    // `apply` asked for a reconcile per request; nothing more to do here.
    const notified = await this.sendNotices(now);
    if (expired || notified) {
      logger.info(
        `Access requests: ${expired} grant(s) expired (${consumers.size} consumer(s)), ${notified} expiry notice(s) sent`,
      );
    }
    return { expired, notified };
  }

  private async sendNotices(now: Date): Promise<number> {
    const { store, actions, notifier, logger } = this.options;
    const noticeMs = this.options.config.expiryNoticeMs;
    if (noticeMs <= 0) {
      return 0;
    }
    const until = new Date(now.getTime() + noticeMs);
    let notified = 0;
    await forEachDue(
      () => store.listDueForExpiryNotice(until, EXPIRY_BATCH),
      async candidate => {
        try {
          const { changed, request } = await actions.apply(
            candidate.id,
            { type: 'notify-expiry', now, noticeMs },
            { changes: { expiryNotifiedAt: now } },
          );
          if (changed) {
            notified++;
            await actions.auditSystem('access-request-expiry-notice', request);
            await notifier.notify('expiring', request, SYSTEM_ACTOR);
          }
        } catch (error) {
          logger.warn(
            `Could not send the expiry notice of access request ${
              candidate.id
            }: ${stringifyError(error)}`,
          );
        }
      },
    );
    return notified;
  }
}
