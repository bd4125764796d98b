/*
 * Runtime lineage relations (`lineageTo` / `lineageFrom`), as the catalog
 * processor sees them. The data-products backend derives them from
 * OpenLineage events; one request fetches all of them and the answer is kept
 * for a while, so the processor never calls the backend per entity. When the
 * backend cannot be reached, the last known relations are kept.
 */
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { LineageRelationsResponse } from '@meshport/plugin-data-products-common';
import { createDataProductsReader } from '../dataProductsBackend';

/** Lowercase source entity ref -> the lowercase refs it feeds. */
export type LineageTargets = Map<string, string[]>;

export interface LineageRelationsSource {
  get(): Promise<LineageTargets>;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

export function toTargets(response: LineageRelationsResponse): LineageTargets {
  const targets: LineageTargets = new Map();
  for (const { source, target } of response.items) {
    const list = targets.get(lower(source)) ?? [];
    list.push(lower(target));
    targets.set(lower(source), list);
  }
  return targets;
}

/** Keeps the relations for `ttlMs` (default a minute); one fetch at a time. */
export class CachedLineageRelations implements LineageRelationsSource {
  #targets: LineageTargets = new Map();
  #fetchedAt = -Infinity;
  #inflight?: Promise<LineageTargets>;
  #failing = false;

  constructor(
    private readonly options: {
      fetch: () => Promise<LineageRelationsResponse>;
      logger?: LoggerService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  get(): Promise<LineageTargets> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.#fetchedAt < (this.options.ttlMs ?? 60_000)) {
      return Promise.resolve(this.#targets);
    }
    this.#inflight ??= this.options
      .fetch()
      .then(
        response => {
          this.#targets = toTargets(response);
          this.#failing = false;
        },
        error => {
          if (!this.#failing) {
            this.options.logger?.warn(
              `Could not read lineage relations from the data-products backend; keeping the last known ones: ${
                error?.message ?? error
              }`,
            );
          }
          this.#failing = true;
        },
      )
      .then(() => {
        this.#fetchedAt = now;
        this.#inflight = undefined;
        return this.#targets;
      });
    return this.#inflight;
  }
}

/** Reads the relations from the data-products backend, as the catalog's service. */
export function createLineageRelationsFetcher(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): () => Promise<LineageRelationsResponse> {
  // An empty list when the data-products backend (or the feature) is absent.
  return createDataProductsReader<LineageRelationsResponse>(
    options,
    (api, request) => api.listLineageRelations({}, request),
    {
      items: [],
    },
  );
}
