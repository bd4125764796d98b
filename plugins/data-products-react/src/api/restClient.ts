/*
 * The one request helper of the frontend's clients: requests and their
 * query strings come from the client generated from the backend's OpenAPI
 * document; a non-2xx answer rejects with the backend's error.
 */
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DataProductsRestClient,
  type DataProductsRestResponse,
} from '@meshport/plugin-data-products-common';

/**
 * The generated client over the app's discovery and fetch APIs. `accept`
 * sets the `Accept` header of every request (the generated client sets
 * none), for an operation that answers in several media types.
 */
export function createRestClient(options: {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
  accept?: string;
}): DataProductsRestClient {
  const { fetchApi, accept } = options;
  return new DataProductsRestClient({
    discoveryApi: options.discoveryApi,
    fetchApi: {
      // A request without a body goes as a plain GET: no JSON content type
      // (which would cost a CORS preflight for nothing), no init at all.
      fetch: (input, init) => {
        if (init && init.body === undefined) {
          const { method, headers, ...rest } = init;
          const kept = Object.entries(
            (headers ?? {}) as Record<string, string>,
          ).filter(
            ([name]) => name.toLocaleLowerCase('en-US') !== 'content-type',
          );
          if (accept) {
            kept.push(['Accept', accept]);
          }
          const simple = {
            ...rest,
            ...(method && method !== 'GET' ? { method } : {}),
            ...(kept.length ? { headers: Object.fromEntries(kept) } : {}),
          };
          return fetchApi.fetch(
            input,
            Object.keys(simple).length ? simple : undefined,
          );
        }
        return fetchApi.fetch(input, init);
      },
    },
  });
}

/** The answer itself when it is a success, else a rejection with a ResponseError carrying the backend's error. */
export async function succeeded<T>(
  response: Promise<DataProductsRestResponse<T>>,
): Promise<DataProductsRestResponse<T>> {
  const answer = await response;
  if (!answer.ok) {
    throw await ResponseError.fromResponse(answer as unknown as Response);
  }
  return answer;
}

/**
 * The body of a successful answer, typed by the operation's generated model,
 * or a rejection with a ResponseError carrying the backend's error.
 */
export async function unwrap<T>(
  response: Promise<DataProductsRestResponse<T>>,
): Promise<T> {
  return (await succeeded(response)).json();
}
