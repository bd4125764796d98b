/*
 * `meshport reconcile` behind a proxy: the AWS SDK ignores HTTPS_PROXY, HTTP_PROXY and NO_PROXY,
 * so when one is set every AWS client of the run (and the STS client that assumes each
 * environment's role, which inherits its caller's handler) sends through a handler that picks
 * the proxy per request: the scheme's proxy, or direct for the hosts NO_PROXY names.
 */
import {
  type AwsClientsFactory,
  createAwsClients,
} from '@meshport/plugin-data-products-backend-module-aws';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';

const first = (env: NodeJS.ProcessEnv, ...names: string[]) =>
  names.map(name => env[name]).find(value => !!value);

/**
 * The proxy for a URL, or undefined to go direct: HTTPS_PROXY (else HTTP_PROXY) for https,
 * HTTP_PROXY for http, none for a host NO_PROXY names (`*`, `example.com` and its subdomains,
 * `.example.com`, `*.example.com`, with an optional `:port`). Pure.
 */
export function proxyFor(
  url: URL,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const https = url.protocol === 'https:';
  const proxy = https
    ? first(env, 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy')
    : first(env, 'HTTP_PROXY', 'http_proxy');
  if (!proxy) {
    return undefined;
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (https ? '443' : '80');
  const entries = (first(env, 'NO_PROXY', 'no_proxy') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  for (const entry of entries) {
    if (entry === '*') {
      return undefined;
    }
    // `host`, `host:port`, `[v6]:port`, or a bare IPv6 address (several colons, no port)
    const lower = entry.toLowerCase();
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(lower);
    const single = lower.split(':').length === 2 ? lower.split(':') : undefined;
    const entryHost = bracketed?.[1] ?? single?.[0] ?? lower;
    const entryPort = bracketed ? bracketed[2] : single?.[1];
    const name = entryHost.replace(/^\*?\./, '');
    if (entryPort && entryPort !== port) {
      continue;
    }
    if (host === name || host.endsWith(`.${name}`)) {
      return undefined;
    }
  }
  return proxy;
}

type HandledRequest = { protocol: string; hostname: string; port?: number };

/** A request handler for SDK clients that sends each request through `proxyFor`'s choice. */
export class EnvProxyHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  readonly #direct = new NodeHttpHandler();
  readonly #viaProxy = new Map<string, NodeHttpHandler>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  handle(request: HandledRequest, options?: object) {
    const url = new URL(
      `${request.protocol}//${request.hostname}${
        request.port ? `:${request.port}` : ''
      }`,
    );
    const proxy = proxyFor(url, this.env);
    if (!proxy) {
      return this.#direct.handle(request as any, options);
    }
    const key = `${url.protocol} ${proxy}`;
    let handler = this.#viaProxy.get(key);
    if (!handler) {
      handler =
        url.protocol === 'https:'
          ? new NodeHttpHandler({ httpsAgent: new HttpsProxyAgent(proxy) })
          : new NodeHttpHandler({ httpAgent: new HttpProxyAgent(proxy) });
      this.#viaProxy.set(key, handler);
    }
    return handler.handle(request as any, options);
  }

  updateHttpClientConfig(key: never, value: never) {
    for (const handler of [this.#direct, ...this.#viaProxy.values()]) {
      handler.updateHttpClientConfig(key, value);
    }
  }

  httpHandlerConfigs() {
    return this.#direct.httpHandlerConfigs();
  }

  destroy() {
    for (const handler of [this.#direct, ...this.#viaProxy.values()]) {
      handler.destroy();
    }
  }
}

/** The factory as is without a proxy variable; else its clients with the proxy-aware handler. */
export function proxiedAwsClients(
  factory: AwsClientsFactory = createAwsClients,
  env: NodeJS.ProcessEnv = process.env,
): AwsClientsFactory {
  if (!first(env, 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy')) {
    return factory;
  }
  const requestHandler = new EnvProxyHttpHandler(env);
  return (environment, config) => {
    const clients = factory(environment, config);
    for (const client of Object.values(clients)) {
      // Read at each send; the credentials' STS client inherits it from the calling client.
      (client.config as { requestHandler: unknown }).requestHandler =
        requestHandler;
    }
    return clients;
  };
}
