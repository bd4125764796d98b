/*
 * What retirement reads without changing anything: the retirement state other
 * features ask (access requests refuse a retiring product's datasets), the
 * products provisioning leaves out, the banner's status, and a product's
 * datasets in the catalog. Built from the store and the catalog alone, so the
 * features that retirement itself depends on can be given it first.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DataProductEntity,
  DatasetEntity,
  formatEntityRef,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  RetirementStatusResponse,
} from '@meshport/plugin-data-products-common';
import type { RetirementState, RetirementStatusService } from '../features';
import type { ProvisioningExclusions } from '../provisioning/input';
import { toRetirementState } from './machine';
import type { RetirementStore, StoredRetirement } from './RetirementStore';
import { lower } from './shared';

export class RetirementQueries
  implements RetirementStatusService, ProvisioningExclusions
{
  constructor(
    private readonly options: {
      store: RetirementStore;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  async getProductRetirementState(
    productRef: string,
  ): Promise<RetirementState | undefined> {
    const latest = await this.options.store.getLatestForProduct(productRef);
    return latest ? toRetirementState(latest.status) : undefined;
  }

  async getDatasetRetirementState(
    datasetRef: string,
  ): Promise<RetirementState | undefined> {
    const productRef = await this.findProductOfDataset(datasetRef);
    return productRef ? this.getProductRetirementState(productRef) : undefined;
  }

  /** Retirements the catalog shows: under way or retired. */
  async listStates(): Promise<
    Array<{
      dataProduct: string;
      datasets: string[];
      state: 'retiring' | 'retired';
      sunset: string;
    }>
  > {
    const rows = await this.options.store.listByStatus([
      'retiring',
      'running',
      'failed',
      'retired',
    ]);
    return rows.map(row => ({
      dataProduct: row.dataProduct,
      datasets: row.datasets,
      state: toRetirementState(row.status)!,
      sunset: row.sunset,
    }));
  }

  /** Products whose resources provisioning must no longer hold. */
  listExcludedProducts(): Promise<string[]> {
    return this.options.store.listReleasedProducts();
  }

  /** The banner's view of a DataProduct or Dataset. */
  async getStatus(
    entityRef: string,
    productRef: string | undefined,
  ): Promise<RetirementStatusResponse> {
    const product = productRef ?? (await this.findProductOfDataset(entityRef));
    if (!product) {
      return { entityRef };
    }
    const latest = await this.options.store.getLatestForProduct(product);
    const state = latest ? toRetirementState(latest.status) : undefined;
    if (!latest || !state) {
      return { entityRef, dataProduct: lower(product) };
    }
    return {
      entityRef,
      dataProduct: latest.dataProduct,
      state,
      retirementId: latest.id,
      status: latest.status,
      sunset: latest.sunset,
      reason: latest.reason,
    };
  }

  /** The datasets the catalog lists for the product. */
  async findDatasets(productRef: string): Promise<DatasetEntity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Dataset' } },
      { credentials },
    );
    const product = lower(productRef);
    return items.filter(isDatasetEntity).filter(dataset => {
      try {
        return lower(getDatasetProductRef(dataset)) === product;
      } catch {
        return false;
      }
    });
  }

  /** The product and its datasets now, or as they were when the retirement started. */
  async currentEntities(retirement: StoredRetirement): Promise<{
    product?: DataProductEntity;
    datasets: DatasetEntity[];
  }> {
    const snapshot = (retirement.snapshot ?? {}) as {
      product?: DataProductEntity;
      datasets?: DatasetEntity[];
    };
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const current = await this.options.catalog.getEntityByRef(
      retirement.dataProduct,
      { credentials },
    );
    const product =
      current && isDataProductEntity(current) ? current : snapshot.product;
    const found = await this.findDatasets(retirement.dataProduct);
    const known = new Set(found.map(d => lower(formatEntityRef(d))));
    const datasets = [
      ...found,
      ...(snapshot.datasets ?? []).filter(
        d => !known.has(lower(formatEntityRef(d))),
      ),
    ];
    return { product, datasets };
  }

  async findProductOfDataset(datasetRef: string): Promise<string | undefined> {
    const ref = lower(datasetRef);
    const known = await this.options.store.listByStatus([
      'retiring',
      'running',
      'failed',
      'retired',
    ]);
    const holder = known.find(r => r.datasets.includes(ref));
    if (holder) return holder.dataProduct;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (entity && isDatasetEntity(entity)) {
      try {
        return lower(getDatasetProductRef(entity));
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}
