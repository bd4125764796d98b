/*
 * A small HTTP client for a Meshport portal's backend. Errors become sentences that say what to
 * fix: 401 -> run meshport login, 403 -> who may do it, 404 / 409 -> the portal's own sentence.
 * Requests go through undici's EnvHttpProxyAgent, so HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply
 * (Node's built-in fetch ignores them unless NODE_USE_ENV_PROXY is set).
 */
import {
  EnvHttpProxyAgent,
  fetch as undiciFetch,
  type Dispatcher,
} from 'undici';
import {
  DataProductsRestClient,
  type DataProductsRestResponse,
} from '@meshport/plugin-data-products-common';
import { EXIT_PROBLEMS, EXIT_USAGE } from './output';

/** Exit code 2 also means "unknown / unreachable" for `get`. */
export const EXIT_UNREACHABLE = EXIT_USAGE;

/** A failed call to the portal, with a sentence for people and the exit code to end with. */
export class PortalError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'PortalError';
  }
}

export type QueryValue = string | number | boolean | string[] | undefined;

export interface PortalRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Extra headers (e.g. a sign-in provider's cookie). */
  headers?: Record<string, string>;
  /** The sentence for a 403: who may do it. Gets the portal's own message. */
  forbidden?: (serverMessage: string) => Promise<string> | string;
  /** The sentence for a 404 (default: the portal's message). */
  notFound?: (serverMessage: string) => string;
}

export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    dispatcher?: Dispatcher;
  },
) => Promise<{
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

let sharedDispatcher: { env: string; dispatcher: Dispatcher } | undefined;
function proxyAwareDispatcher(): Dispatcher {
  // Reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY (and their lower-case forms); direct without them.
  // Built again when they change (tests, or a caller that sets them in the process).
  const env = JSON.stringify(
    ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'].flatMap(name => [
      process.env[name],
      process.env[name.toLowerCase()],
    ]),
  );
  if (sharedDispatcher?.env !== env) {
    sharedDispatcher = { env, dispatcher: new EnvHttpProxyAgent() };
  }
  return sharedDispatcher.dispatcher;
}

/** The message of a Backstage error body (`{ error: { name, message } }`), else the raw text. */
export function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text);
    const message = body?.error?.message;
    if (typeof message === 'string') {
      return message;
    }
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 300) || 'no details';
}

function withFullStop(sentence: string): string {
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export class PortalClient {
  readonly portal: string;
  readonly #token?: string;
  readonly #fetch: FetchLike;

  constructor(options: { portal: string; token?: string; fetch?: FetchLike }) {
    this.portal = options.portal;
    this.#token = options.token;
    this.#fetch =
      options.fetch ??
      ((url, init) =>
        undiciFetch(url, { ...init, dispatcher: proxyAwareDispatcher() }));
  }

  get hasToken(): boolean {
    return !!this.#token;
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const url = new URL(`${this.portal}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined) {
          url.searchParams.append(key, String(item));
        }
      }
    }
    return url.toString();
  }

  /** Calls the portal; resolves to the JSON body (undefined for an empty one). */
  async request<T>(path: string, request: PortalRequest = {}): Promise<T> {
    const response = await this.#send(this.url(path, request.query), {
      method: request.method ?? (request.body ? 'POST' : 'GET'),
      headers: request.headers,
      body:
        request.body !== undefined ? JSON.stringify(request.body) : undefined,
    });
    return this.#read<T>(response, request);
  }

  /**
   * Calls the portal's data-products API through the client generated from its OpenAPI
   * document: `call` picks the operation and its input; resolves to the JSON body, and fails
   * with the same sentences as {@link PortalClient.request}.
   */
  async dataProducts<T>(
    call: (api: DataProductsRestClient) => Promise<DataProductsRestResponse<T>>,
    request: Pick<PortalRequest, 'forbidden' | 'notFound'> = {},
  ): Promise<T> {
    let answer: Awaited<ReturnType<FetchLike>> | undefined;
    const api = new DataProductsRestClient({
      discoveryApi: {
        getBaseUrl: async pluginId => `${this.portal}/api/${pluginId}`,
      },
      fetchApi: {
        fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
          answer = await this.#send(String(input), {
            method: init?.method ?? 'GET',
            body: typeof init?.body === 'string' ? init.body : undefined,
          });
          return answer;
        }) as typeof fetch,
      },
    });
    await call(api);
    if (!answer) {
      throw new Error('The data-products client sent no request');
    }
    return this.#read<T>(answer, request);
  }

  /** Sends one request with the token; a portal that cannot be reached is a PortalError. */
  async #send(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<Awaited<ReturnType<FetchLike>>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...init.headers,
    };
    if (this.#token) {
      headers.authorization = `Bearer ${this.#token}`;
    }
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    try {
      return await this.#fetch(url, {
        method: init.method,
        headers,
        body: init.body,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } })
        ?.cause;
      throw new PortalError(
        `Cannot reach the portal at ${this.portal} (${
          cause?.code ?? cause?.message ?? (error as Error).message
        }): check --portal, and HTTPS_PROXY if you are behind a proxy.`,
        undefined,
        EXIT_UNREACHABLE,
      );
    }
  }

  /** The JSON body of a successful answer, else the failure as a sentence. */
  async #read<T>(
    response: Awaited<ReturnType<FetchLike>>,
    request: PortalRequest,
  ): Promise<T> {
    const text = await response.text();
    if (response.ok) {
      return (text ? JSON.parse(text) : undefined) as T;
    }
    throw await this.#describeFailure(response.status, text, request);
  }

  async #describeFailure(
    status: number,
    text: string,
    request: PortalRequest,
  ): Promise<PortalError> {
    const message = serverMessage(text);
    switch (status) {
      case 401:
        return new PortalError(
          this.#token
            ? `The portal at ${this.portal} did not accept your token (${message}): run meshport login --portal ${this.portal} again, or set MESHPORT_TOKEN to a valid token.`
            : `You are not signed in to ${this.portal}: run meshport login --portal ${this.portal}, or set MESHPORT_TOKEN.`,
          status,
          EXIT_PROBLEMS,
        );
      case 403:
        return new PortalError(
          request.forbidden
            ? await request.forbidden(message)
            : withFullStop(`The portal refused: ${message}`),
          status,
          EXIT_PROBLEMS,
        );
      case 404:
        return new PortalError(
          withFullStop(request.notFound ? request.notFound(message) : message),
          status,
          EXIT_PROBLEMS,
        );
      case 409:
        return new PortalError(
          withFullStop(`The portal cannot do that now: ${message}`),
          status,
          EXIT_PROBLEMS,
        );
      default:
        if (status >= 500) {
          return new PortalError(
            withFullStop(
              `The portal at ${this.portal} failed (HTTP ${status}): ${message}; try again later, or ask its administrators`,
            ),
            status,
            EXIT_UNREACHABLE,
          );
        }
        return new PortalError(
          withFullStop(`The portal refused the request: ${message}`),
          status,
          EXIT_PROBLEMS,
        );
    }
  }
}
