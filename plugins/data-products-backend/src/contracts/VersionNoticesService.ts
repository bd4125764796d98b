/*
 * Tells the consumers of a dataset when a newer major version, published as another Dataset
 * (`spec.deprecates.dataset`), replaces it: once per consumer and version, with the changes that
 * break them and the sunset. Consumers are the products that declare the dataset as an input
 * port and those holding an active grant on it.
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DataProductEntity,
  DatasetEntity,
  findPendingVersions,
  getOwnerRef,
  inputPortConsumers,
  isDataProductEntity,
  isDatasetEntity,
  PendingVersion,
} from '@meshport/plugin-data-products-common';
import type { AccessGrantsService } from '../features';
import type { VersionNoticesStore } from './DatabaseVersionNoticesStore';
import { formatDay } from './days';

export const CONTRACT_NOTIFICATION_TOPIC = 'data-contracts';

export interface VersionNoticesServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  store: VersionNoticesStore;
  logger: LoggerService;
  noticePeriod: string;
  /** Active grants, when the access-requests feature is installed. */
  grants?: Pick<AccessGrantsService, 'listActiveForDatasets'>;
  notifications?: NotificationService;
  clock?: () => Date;
}

const titleOf = (entity: { metadata: { name: string; title?: string } }) =>
  entity.metadata.title ?? entity.metadata.name;

export class VersionNoticesService {
  constructor(private readonly options: VersionNoticesServiceOptions) {}

  /** One pass over the catalog; returns how many notices it sent. */
  async notifyConsumers(): Promise<{ sent: number }> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const [datasets, products] = await Promise.all([
      catalog
        .getEntities({ filter: { kind: 'Dataset' } }, { credentials })
        .then(r => r.items.filter(isDatasetEntity)),
      catalog
        .getEntities({ filter: { kind: 'DataProduct' } }, { credentials })
        .then(r => r.items.filter(isDataProductEntity)),
    ]);
    const now = (this.options.clock ?? (() => new Date()))();
    let sent = 0;
    for (const dataset of datasets) {
      const pending = findPendingVersions(dataset, datasets, {
        now,
        noticePeriod: this.options.noticePeriod,
      });
      for (const version of pending) {
        sent += await this.#notify(dataset, version, products, now);
      }
    }
    return { sent };
  }

  async #notify(
    dataset: DatasetEntity,
    version: PendingVersion,
    products: DataProductEntity[],
    now: Date,
  ): Promise<number> {
    const ref = stringifyEntityRef(dataset);
    const grants =
      (await this.options.grants?.listActiveForDatasets([ref])) ?? [];
    const consumers = [
      ...new Set([
        ...inputPortConsumers(ref, products).map(c => c.ref),
        ...grants.map(grant => grant.consumer),
      ]),
    ];
    let sent = 0;
    for (const consumer of consumers) {
      const claimed = await this.options.store.claimNotice(
        {
          dataset: ref.toLocaleLowerCase('en-US'),
          successor: version.successor.toLocaleLowerCase('en-US'),
          consumer: consumer.toLocaleLowerCase('en-US'),
          sunset: version.sunset,
        },
        now,
      );
      if (!claimed) {
        continue;
      }
      const product = products.find(p => stringifyEntityRef(p) === consumer);
      await this.#send(dataset, version, consumer, product);
      sent++;
    }
    return sent;
  }

  async #send(
    dataset: DatasetEntity,
    version: PendingVersion,
    consumer: string,
    product: DataProductEntity | undefined,
  ) {
    const { notifications, logger } = this.options;
    if (!notifications) {
      return;
    }
    const breaking = version.changes.filter(c => c.severity === 'breaking');
    const sunset = formatDay(version.sunset);
    const successor = parseEntityRef(version.successor);
    try {
      await notifications.send({
        recipients: {
          type: 'entity',
          entityRef: product ? getOwnerRef(product) : consumer,
        },
        payload: {
          title: `${titleOf(dataset)}: version ${
            version.version
          } replaces it on ${sunset}`,
          description: [
            `${product ? titleOf(product) : consumer} reads ${titleOf(
              dataset,
            )}, which stops on ${sunset}. Move to ${
              version.successorTitle
            } before then.`,
            breaking.length > 0
              ? `What breaks: ${breaking.map(c => c.message).join(' ')}`
              : 'Nothing in it breaks your reads.',
          ].join(' '),
          link: `/catalog/${successor.namespace}/dataset/${successor.name}/contract`,
          topic: CONTRACT_NOTIFICATION_TOPIC,
          severity: breaking.length > 0 ? 'high' : 'normal',
        },
      });
    } catch (error) {
      logger.warn(
        `Could not notify ${consumer} of the new version of ${stringifyEntityRef(
          dataset,
        )}: ${(error as Error).message}`,
      );
    }
  }
}
