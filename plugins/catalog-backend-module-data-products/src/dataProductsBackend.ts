/*
 * Reads from the data-products backend as this plugin's service (the
 * catalog), for the relations and marks the processor adds.
 */
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';

/**
 * A reader of `GET <data-products>/<path>`: its JSON body, or `whenAbsent`
 * when the backend (or that feature of it) is not installed (a 404). Any
 * other failure throws, naming the URL and the status.
 */
export function createDataProductsReader<T>(
  options: { discovery: DiscoveryService; auth: AuthService },
  path: string,
  whenAbsent: T,
): () => Promise<T> {
  return async () => {
    const { discovery, auth } = options;
    const baseUrl = await discovery.getBaseUrl('data-products');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'data-products',
    });
    const response = await fetch(`${baseUrl}/${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (response.status === 404) {
      return whenAbsent;
    }
    if (!response.ok) {
      throw new Error(
        `GET ${baseUrl}/${path} answered ${response.status} ${response.statusText}`,
      );
    }
    return (await response.json()) as T;
  };
}
