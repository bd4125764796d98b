/*
 * What retirement tells people and the catalog: the start notice to every
 * consumer (recorded, so it goes out once), the cancellation, the owners'
 * "stuck" and "retired" notices, and the catalog refresh that makes the
 * lifecycle follow.
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  RetirementConsumer,
  RetirementUsage,
} from '@meshport/plugin-data-products-common';
import { stringifyError } from '@backstage/errors';
import type { RetirementStore, StoredRetirement } from './RetirementStore';
import { day, entityPath, SYSTEM, titleOf } from './shared';

/** Notifications are given up after this many failed sends. */
export const MAX_NOTIFY_ATTEMPTS = 5;

export class RetirementNotifier {
  constructor(
    private readonly options: {
      store: RetirementStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      notifications?: NotificationService;
      /** Who uses the product now (see ./usage.ts). */
      usage(productRef: string, datasets: string[]): Promise<RetirementUsage>;
      now(): Date;
    },
  ) {}

  /** Asks the catalog to process the entities again, so their lifecycle follows soon. */
  async refreshCatalog(retirement: StoredRetirement): Promise<void> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (const ref of [retirement.dataProduct, ...retirement.datasets]) {
      try {
        await this.options.catalog.refreshEntity(ref, { credentials });
      } catch (error) {
        this.options.logger.debug(
          `Could not refresh ${ref} in the catalog: ${stringifyError(error)}`,
        );
      }
    }
  }

  /** Tells every consumer with active access the sunset date; recorded so it happens once. */
  async notifyStart(retirement: StoredRetirement): Promise<void> {
    const { notifications, store, logger } = this.options;
    const now = this.options.now();
    let consumers: RetirementConsumer[] = [];
    try {
      const usage = await this.options.usage(
        retirement.dataProduct,
        retirement.datasets,
      );
      consumers = usage.consumers;
      const datasetTitles = new Map(
        (usage.datasetTitles ?? []).map(d => [d.ref, d.title]),
      );
      for (const consumer of consumers) {
        const datasets = [
          ...new Set([
            ...consumer.grants.map(g => g.dataset),
            ...(consumer.datasets ?? []),
          ]),
        ].map(ref => datasetTitles.get(ref) ?? ref.slice(ref.indexOf('/') + 1));
        const requesters = [...new Set(consumer.grants.map(g => g.requester))];
        await notifications?.send({
          recipients: {
            type: 'entity',
            entityRef: [consumer.consumer, ...requesters],
            excludeEntityRef: retirement.requestedBy,
          },
          payload: {
            title: `${titleOf(retirement)} retires on ${day(
              retirement.sunset,
            )}`,
            description: `${
              consumer.title ??
              consumer.consumer.slice(consumer.consumer.indexOf('/') + 1)
            } uses ${datasets.join(', ')}. ${
              consumer.grants.length ? 'Its access ends' : 'It stops'
            } on ${day(retirement.sunset)}: ${retirement.reason}`,
            link: `${entityPath(retirement.dataProduct)}/retirement`,
            severity: 'high',
            topic: 'data-product-retirement',
            scope: `retirement:${retirement.id}:${consumer.consumer}`,
          },
        });
      }
    } catch (error) {
      logger.warn(
        `Could not notify the consumers of ${
          retirement.dataProduct
        } (the retirement task tries again): ${stringifyError(error)}`,
      );
      await store.updateRetirement(retirement.id, {
        notifyAttempts: retirement.notifyAttempts + 1,
        updatedAt: now,
      });
      return;
    }
    await store.updateRetirement(retirement.id, {
      notifiedConsumers: consumers.map(c => c.consumer),
      notifiedAt: now,
      notifyAttempts: retirement.notifyAttempts + 1,
      updatedAt: now,
    });
    await store.addEvent({
      retirementId: retirement.id,
      type: 'notified',
      actor: SYSTEM,
      at: now,
      note: consumers.length
        ? `notified ${consumers.map(c => c.consumer).join(', ')}`
        : 'no consumer uses it',
    });
  }

  async notifyCancel(
    retirement: StoredRetirement,
    actor: string,
  ): Promise<void> {
    const consumers = retirement.notifiedConsumers ?? [];
    if (!consumers.length || !this.options.notifications) return;
    try {
      await this.options.notifications.send({
        recipients: {
          type: 'entity',
          entityRef: consumers,
          excludeEntityRef: actor,
        },
        payload: {
          title: `The retirement of ${titleOf(retirement)} is cancelled`,
          description: `It will not retire on ${day(
            retirement.sunset,
          )}; your access stays as it is.`,
          link: entityPath(retirement.dataProduct),
          severity: 'normal',
          topic: 'data-product-retirement',
          scope: `retirement:${retirement.id}:cancelled`,
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify the consumers of ${
          retirement.dataProduct
        } of the cancellation: ${stringifyError(error)}`,
      );
    }
  }

  async notifyOwners(
    retirement: StoredRetirement,
    payload: {
      title: string;
      description: string;
      severity: 'normal' | 'high';
    },
  ): Promise<void> {
    if (!this.options.notifications) return;
    try {
      await this.options.notifications.send({
        // The notifications backend resolves a product to its owners.
        recipients: { type: 'entity', entityRef: retirement.dataProduct },
        payload: {
          ...payload,
          link: `${entityPath(retirement.dataProduct)}/retirement`,
          topic: 'data-product-retirement',
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify the owners of ${
          retirement.dataProduct
        }: ${stringifyError(error)}`,
      );
    }
  }
}
