/*
 * The catalog's products and datasets as the lineage mapper needs them: one
 * read of each kind, kept for a short while (ingest of a batch never reads the
 * catalog per event).
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DataProductEntity,
  DatasetEntity,
  isDataProductEntity,
  isDatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import type { CatalogIndexSource } from './LineageService';
import { buildCatalogIndex, CatalogIndex } from './naming';

/** The catalog's DataProducts and Datasets, read as the plugin. */
export async function readMeshEntities(
  catalog: CatalogService,
  auth: AuthService,
): Promise<{ products: DataProductEntity[]; datasets: DatasetEntity[] }> {
  const credentials = await auth.getOwnServiceCredentials();
  const [products, datasets] = await Promise.all([
    catalog.getEntities({ filter: { kind: 'DataProduct' } }, { credentials }),
    catalog.getEntities({ filter: { kind: 'Dataset' } }, { credentials }),
  ]);
  return {
    products: products.items.filter(isDataProductEntity),
    datasets: datasets.items.filter(isDatasetEntity),
  };
}

export class CachedCatalogIndex implements CatalogIndexSource {
  #index?: CatalogIndex;
  #loadedAt = -Infinity;
  #inflight?: Promise<CatalogIndex>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      environments: MeshportEnvironment[];
      tableNamespaces: string[];
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  async get(): Promise<CatalogIndex> {
    const now = (this.options.now ?? Date.now)();
    if (this.#index && now - this.#loadedAt < (this.options.ttlMs ?? 15_000)) {
      return this.#index;
    }
    this.#inflight ??= this.load(now).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  private async load(now: number): Promise<CatalogIndex> {
    this.#index = buildCatalogIndex({
      ...(await readMeshEntities(this.options.catalog, this.options.auth)),
      environments: this.options.environments,
      tableNamespaces: this.options.tableNamespaces,
    });
    this.#loadedAt = now;
    return this.#index;
  }
}
