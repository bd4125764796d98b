/*
 * The imperative shell of the consumption model: reads the catalog (with the
 * caller's credentials, so nobody learns of entities they may not see), the
 * open access requests and lineage's undeclared reads, then asks ./model.ts.
 */
import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  AccessRequest,
  Consumption,
  ConsumptionResponse,
  DataProductEntity,
  DatasetEntity,
  findPendingVersions,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  RELATION_CONSUMES,
  RELATION_OUTPUT_OF,
  resolveSpecRef,
} from '@meshport/plugin-data-products-common';
import type {
  ConsumersService,
  OpenAccessRequestsService,
  UndeclaredReadsService,
} from '../features';
import {
  computeConsumption,
  ConsumptionFacts,
  DatasetFacts,
  inputsOf,
  ProductFacts,
} from './model';
import { withMigrations } from './migrations';
import { normalizeEntityRef as lower } from '../lib/entityRefs';

function productFacts(product: DataProductEntity): ProductFacts {
  return {
    ref: lower(stringifyEntityRef(product)),
    title: product.metadata.title ?? product.metadata.name,
    inputs: (product.spec.inputPorts ?? []).flatMap(port => {
      try {
        const ref = stringifyEntityRef(
          resolveSpecRef(product, 'inputPort', port.dataset),
        );
        return [{ dataset: lower(ref), purpose: port.purpose }];
      } catch {
        return []; // a malformed port: the catalog processor reports it
      }
    }),
  };
}

function datasetFacts(dataset: DatasetEntity): DatasetFacts[] {
  try {
    return [
      {
        ref: lower(stringifyEntityRef(dataset)),
        title: dataset.metadata.title ?? dataset.metadata.name,
        product: lower(getDatasetProductRef(dataset)),
      },
    ];
  } catch {
    return [];
  }
}

export class ConsumptionService implements ConsumersService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      requests: OpenAccessRequestsService;
      /** Lineage's undeclared reads (none when absent). */
      undeclaredReads?: UndeclaredReadsService;
    },
  ) {}

  /** Who consumes the Dataset, or the DataProduct's datasets, and what the product consumes. */
  async forEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ConsumptionResponse> {
    const { catalog } = this.options;
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || !(isDatasetEntity(entity) || isDataProductEntity(entity))) {
      throw new NotFoundError(
        `There is no data product or dataset ${entityRef}`,
      );
    }
    const ref = lower(stringifyEntityRef(entity));
    const datasets = isDatasetEntity(entity)
      ? [entity]
      : (
          await catalog.getEntities(
            {
              filter: {
                kind: 'Dataset',
                [`relations.${RELATION_OUTPUT_OF}`]: ref,
              },
            },
            { credentials },
          )
        ).items.filter(isDatasetEntity);
    const datasetRefs = datasets.map(d => lower(stringifyEntityRef(d)));
    const facts = await this.factsFor(datasetRefs, credentials, {
      datasets,
      consumer: isDataProductEntity(entity) ? entity : undefined,
    });
    const inputs = isDataProductEntity(entity) ? inputsOf(facts, ref) : [];
    return {
      entityRef: ref,
      consumers: computeConsumption(facts, datasetRefs),
      inputs: await this.withMigrations(inputs, facts.requests, credentials),
    };
  }

  /** "Migrate to v2": inputs held or asked for whose dataset a newer major replaces. */
  private async withMigrations(
    inputs: Consumption[],
    requests: AccessRequest[],
    credentials: BackstageCredentials,
  ): Promise<Consumption[]> {
    const { catalog } = this.options;
    const asked = inputs.filter(input => input.request);
    if (asked.length === 0) {
      return inputs;
    }
    const successors = (
      await catalog.getEntities(
        {
          filter: {
            kind: 'Dataset',
            'spec.deprecates.dataset': CATALOG_FILTER_EXISTS,
          },
        },
        { credentials },
      )
    ).items.filter(isDatasetEntity);
    if (successors.length === 0) {
      return inputs;
    }
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: asked.map(input => input.dataset) },
      { credentials },
    );
    const now = new Date();
    const versions = new Map(
      items
        .filter(
          (item): item is DatasetEntity => !!item && isDatasetEntity(item),
        )
        .map(dataset => [
          lower(stringifyEntityRef(dataset)),
          findPendingVersions(dataset, successors, { now }),
        ]),
    );
    return withMigrations(inputs, versions, requests);
  }

  /** For retirement: every consumer of these datasets (declared, requested, granted or reading). */
  async consumersOf(datasetRefs: string[]): Promise<Consumption[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const refs = datasetRefs.map(lower);
    const facts = await this.factsFor(refs, credentials, {});
    return computeConsumption(facts, refs);
  }

  private async factsFor(
    datasetRefs: string[],
    credentials: BackstageCredentials,
    known: { datasets?: DatasetEntity[]; consumer?: DataProductEntity },
  ): Promise<ConsumptionFacts> {
    const { catalog, requests } = this.options;
    const [declaring, open, inputRequests, undeclaredReads] = await Promise.all(
      [
        datasetRefs.length
          ? catalog.getEntities(
              {
                filter: {
                  kind: 'DataProduct',
                  [`relations.${RELATION_CONSUMES}`]: datasetRefs,
                },
              },
              { credentials },
            )
          : Promise.resolve({ items: [] }),
        requests.listOpenForDatasets(datasetRefs),
        known.consumer
          ? requests.listOpenForConsumer(stringifyEntityRef(known.consumer))
          : Promise.resolve([]),
        this.options.undeclaredReads
          ?.undeclaredReadsOf(datasetRefs)
          .catch(() => []) ?? [],
      ],
    );
    const products = new Map<string, DataProductEntity>();
    for (const product of [
      ...declaring.items.filter(isDataProductEntity),
      ...(known.consumer ? [known.consumer] : []),
    ]) {
      products.set(lower(stringifyEntityRef(product)), product);
    }
    const datasets = new Map<string, DatasetEntity>();
    for (const dataset of known.datasets ?? []) {
      datasets.set(lower(stringifyEntityRef(dataset)), dataset);
    }
    // Titles of the rest: consumers that only requested or read, and the
    // datasets a product consumes.
    const allRequests = [...open, ...inputRequests];
    const missing = [
      ...new Set([
        ...allRequests.map(r => lower(r.consumer)),
        ...undeclaredReads.map(r => lower(r.consumer)),
        ...datasetRefs,
        ...allRequests.map(r => lower(r.dataset)),
        ...(known.consumer
          ? productFacts(known.consumer).inputs.map(i => i.dataset)
          : []),
      ]),
    ].filter(ref => !products.has(ref) && !datasets.has(ref));
    if (missing.length) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: missing },
        { credentials },
      );
      for (const item of items) {
        if (item && isDataProductEntity(item)) {
          products.set(lower(stringifyEntityRef(item)), item);
        } else if (item && isDatasetEntity(item)) {
          datasets.set(lower(stringifyEntityRef(item)), item);
        }
      }
    }
    return {
      products: [...products.values()].map(productFacts),
      datasets: [...datasets.values()].flatMap(datasetFacts),
      requests: allRequests,
      undeclaredReads,
    };
  }
}
