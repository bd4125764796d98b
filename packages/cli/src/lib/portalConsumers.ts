/*
 * Consumers of datasets as a running portal knows them: DataProducts from its catalog (their
 * input ports) and active grants from the data-products backend. Authenticates with the token
 * in MESHPORT_TOKEN when set. Requests go through the portal client, so proxies apply.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  DatasetConsumer,
  ListAccessRequestsResponse,
} from '@meshport/plugin-data-products-common';
import { UsageError } from './output';
import { PortalClient, PortalError } from './portal';

export interface PortalConsumers {
  /** The portal catalog's DataProducts, for their input ports. */
  products: Entity[];
  /** Active grants per dataset ref. */
  grantsOf(datasetRef: string): Promise<DatasetConsumer[]>;
}

export async function readPortalConsumers(
  portal: string,
  token = process.env.MESHPORT_TOKEN,
): Promise<PortalConsumers> {
  const client = new PortalClient({
    portal: portal.replace(/\/+$/, ''),
    token,
  });
  // `diff` ends with usage errors (exit 2): the portal's sentence, unchanged.
  const usage = async <T>(answer: Promise<T>) => {
    try {
      return await answer;
    } catch (error) {
      if (error instanceof PortalError) {
        throw new UsageError(error.message);
      }
      throw error;
    }
  };
  const products = await usage(
    client.request<Entity[]>('/api/catalog/entities', {
      query: { filter: 'kind=dataproduct' },
    }),
  );
  return {
    products,
    async grantsOf(datasetRef) {
      const page = await usage(
        client.dataProducts<ListAccessRequestsResponse>(api =>
          api.listAccessRequests({
            query: {
              dataset: datasetRef,
              status: ['approved', 'granted'],
              limit: '100',
            },
          }),
        ),
      );
      return page.items.map(request => ({
        ref: request.consumer,
        via: 'grant' as const,
        validUntil: request.validUntil,
      }));
    },
  };
}
