/*
 * Reads from the data-products backend as this plugin's service (the
 * catalog), for the relations and marks the processor adds, through the
 * client generated from the backend's OpenAPI document.
 */
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  DataProductsRestClient,
  type DataProductsRestResponse,
} from '@meshport/plugin-data-products-common';

/**
 * A reader of one data-products operation: its JSON body, or `whenAbsent`
 * when the backend (or that feature of it) is not installed (a 404). Any
 * other failure throws, naming the URL and the status.
 */
export function createDataProductsReader<T>(
  options: { discovery: DiscoveryService; auth: AuthService },
  read: (
    api: DataProductsRestClient,
    request: { token: string },
  ) => Promise<DataProductsRestResponse<T>>,
  whenAbsent: T,
): () => Promise<T> {
  const { discovery, auth } = options;
  const api = new DataProductsRestClient({
    discoveryApi: discovery,
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return async () => {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'data-products',
    });
    const response = await read(api, { token });
    if (response.status === 404) {
      return whenAbsent;
    }
    if (!response.ok) {
      throw new Error(
        `GET ${response.url} answered ${response.status} ${response.statusText}`,
      );
    }
    return response.json();
  };
}
