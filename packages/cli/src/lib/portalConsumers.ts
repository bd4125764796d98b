/*
 * Consumers of datasets as a running portal knows them: DataProducts from its catalog (their
 * input ports) and active grants from the data-products backend. Authenticates with the token
 * in MESHPORT_TOKEN when set.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  DataProductsRestClient,
  type DatasetConsumer,
  type ListAccessRequestsResponse,
} from '@meshport/plugin-data-products-common';
import { UsageError } from './output';

export interface PortalConsumers {
  /** The portal catalog's DataProducts, for their input ports. */
  products: Entity[];
  /** Active grants per dataset ref. */
  grantsOf(datasetRef: string): Promise<DatasetConsumer[]>;
}

function unreachable(url: string, error: unknown): UsageError {
  return new UsageError(
    `cannot reach the portal at ${new URL(url).origin}: ${
      (error as Error).message
    }`,
  );
}

async function bodyOf<T>(response: Response): Promise<T> {
  if (!response.ok) {
    throw new UsageError(
      `the portal answered ${response.status} ${response.statusText} for ${
        new URL(response.url).pathname
      }${
        response.status === 401 ? ' (set MESHPORT_TOKEN to a portal token)' : ''
      }`,
    );
  }
  return (await response.json()) as T;
}

async function getJson<T>(url: string, token: string | undefined): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch (error) {
    throw unreachable(url, error);
  }
  return bodyOf<T>(response);
}

export async function readPortalConsumers(
  portal: string,
  token = process.env.MESHPORT_TOKEN,
): Promise<PortalConsumers> {
  const base = portal.replace(/\/+$/, '');
  const products = await getJson<Entity[]>(
    `${base}/api/catalog/entities?filter=kind=dataproduct`,
    token,
  );
  return {
    products,
    async grantsOf(datasetRef) {
      // the client generated from the data-products OpenAPI document
      const api = new DataProductsRestClient({
        discoveryApi: { getBaseUrl: async id => `${base}/api/${id}` },
        fetchApi: { fetch },
      });
      let response: Response;
      try {
        response = (await api.listAccessRequests(
          {
            query: {
              dataset: datasetRef,
              status: ['approved,granted'],
              limit: '100',
            },
          },
          { token },
        )) as Response;
      } catch (error) {
        throw unreachable(base, error);
      }
      const page = await bodyOf<ListAccessRequestsResponse>(response);
      return page.items.map(request => ({
        ref: request.consumer,
        via: 'grant' as const,
        validUntil: request.validUntil,
      }));
    },
  };
}
