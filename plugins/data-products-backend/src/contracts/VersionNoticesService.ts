/*
 * Tells the consumers of a dataset when a newer major version, published as another Dataset
 * (`spec.deprecates.dataset`), replaces it: once per consumer and version, with the changes that
 * break them and the sunset. Consumers are the products that declare the dataset as an input
 * port and those holding an active grant on it.
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
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
import type { VersionNoticesStore } from './VersionNoticesStore';
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
          dataset: ref,
          successor: version.successor,
          consumer,
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
    const others = version.changes.filter(c => c.severity !== 'breaking');
    const sunset = formatDay(version.sunset);
    const successor = parseEntityRef(version.successor);
    const reader = product ? titleOf(product) : consumer;
    const major = /^v?(\d+)/.exec(version.version)?.[1] ?? version.version;
    // The product's Access tab offers the move ("Migrate to v2"); without
    // the product (a grant of one the catalog no longer has), the contract.
    const productRef = product ? parseEntityRef(consumer) : undefined;
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
            `${reader} reads ${titleOf(
              dataset,
            )}, which stops on ${sunset}. Move to ${
              version.successorTitle
            } before then${
              product
                ? `: accept “Migrate to v${major}” on ${reader}'s Access tab.`
                : '.'
            }`,
            breaking.length > 0
              ? `What breaks: ${breaking.map(c => c.message).join(' ')}`
              : 'Nothing in it breaks your reads.',
            ...(others.length > 0
              ? [`Other changes: ${others.map(c => c.message).join(' ')}`]
              : []),
          ].join(' '),
          link: productRef
            ? `/catalog/${productRef.namespace}/dataproduct/${productRef.name}/access`
            : `/catalog/${successor.namespace}/dataset/${successor.name}/contract`,
          topic: CONTRACT_NOTIFICATION_TOPIC,
          severity: breaking.length > 0 ? 'high' : 'normal',
        },
      });
    } catch (error) {
      logger.warn(
        `Could not notify ${consumer} of the new version of ${stringifyEntityRef(
          dataset,
        )}: ${stringifyError(error)}`,
      );
    }
  }
}
