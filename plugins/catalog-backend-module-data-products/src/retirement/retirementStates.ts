/*
 * Retirement states, as the catalog processor sees them. The data-products
 * backend owns them; the processor must not call it for every entity of
 * every loop, so one request fetches all of them and the answer is kept for
 * a few seconds. When the backend cannot be reached, the last known states
 * are kept (entities never flip back and forth).
 */
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_DECLARED_LIFECYCLE,
  ANNOTATION_RETIREMENT,
  ANNOTATION_SUNSET,
  formatEntityRef,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  RetirementStatesResponse,
} from '@meshport/plugin-data-products-common';
import { createDataProductsReader } from '../dataProductsBackend';

export interface RetirementMark {
  state: 'retiring' | 'retired';
  sunset: string;
  dataProduct: string;
}

/** Marks by lowercase entity ref: the products and their datasets. */
export type RetirementMarks = Map<string, RetirementMark>;

export interface RetirementStatesSource {
  get(): Promise<RetirementMarks>;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

export function toMarks(response: RetirementStatesResponse): RetirementMarks {
  const marks: RetirementMarks = new Map();
  for (const item of response.items) {
    const mark = {
      state: item.state,
      sunset: item.sunset,
      dataProduct: lower(item.dataProduct),
    };
    marks.set(lower(item.dataProduct), mark);
    for (const dataset of item.datasets) {
      marks.set(lower(dataset), mark);
    }
  }
  return marks;
}

/** The mark of a product or dataset: its own, or its product's for a dataset added later. */
export function findMark(
  entity: Entity,
  marks: RetirementMarks,
): RetirementMark | undefined {
  const own = marks.get(lower(formatEntityRef(entity)));
  if (own) return own;
  if (isDatasetEntity(entity)) {
    try {
      return marks.get(lower(getDatasetProductRef(entity)));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Pure: the entity as the catalog shows it while retiring (`deprecated`) or
 * once retired (`retired`), with the state, the sunset and the lifecycle it
 * declares as annotations.
 */
export function applyRetirementMark(
  entity: Entity,
  mark: RetirementMark | undefined,
): Entity {
  if (!mark || !(isDataProductEntity(entity) || isDatasetEntity(entity))) {
    return entity;
  }
  const declared = entity.spec.lifecycle;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [ANNOTATION_RETIREMENT]: mark.state,
        [ANNOTATION_SUNSET]: mark.sunset,
        ...(declared ? { [ANNOTATION_DECLARED_LIFECYCLE]: declared } : {}),
      },
    },
    spec: {
      ...entity.spec,
      lifecycle: mark.state === 'retired' ? 'retired' : 'deprecated',
    },
  };
}

/** Keeps the states for `ttlMs`; one fetch at a time; the last known ones on failure. */
export class CachedRetirementStates implements RetirementStatesSource {
  private marks: RetirementMarks = new Map();
  private fetchedAt = -Infinity;
  private inflight?: Promise<RetirementMarks>;
  private failing = false;

  constructor(
    private readonly options: {
      fetch: () => Promise<RetirementStatesResponse>;
      logger?: LoggerService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  async get(): Promise<RetirementMarks> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.fetchedAt < (this.options.ttlMs ?? 10_000)) {
      return this.marks;
    }
    if (!this.inflight) {
      this.inflight = this.refresh(now).finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async refresh(now: number): Promise<RetirementMarks> {
    try {
      this.marks = toMarks(await this.options.fetch());
      if (this.failing) {
        this.options.logger?.info('Retirement states are available again');
      }
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.options.logger?.warn(
          `Could not read retirement states from the data-products backend; keeping the last known ones: ${
            (error as Error)?.message ?? error
          }`,
        );
      }
      this.failing = true;
    }
    this.fetchedAt = now;
    return this.marks;
  }
}

/** Reads the states from the data-products backend, as this plugin's service. */
export function createRetirementStatesFetcher(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): () => Promise<RetirementStatesResponse> {
  // An empty list when the data-products backend (or the feature) is absent.
  return createDataProductsReader<RetirementStatesResponse>(
    options,
    (api, request) => api.listRetirementStates({}, request),
    {
      items: [],
    },
  );
}
