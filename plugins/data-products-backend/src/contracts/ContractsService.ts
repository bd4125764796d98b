/*
 * The ODCS contract of a Dataset and the ODPS document of a DataProduct, as the catalog holds
 * them now, read with the caller's credentials (the catalog's own permissions decide what they
 * may see). The mapping itself is the pure one in @meshport/plugin-data-products-common.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DataProductEntity,
  DatasetEntity,
  exportDataProductToOdps,
  exportDatasetToOdcs,
  findPendingVersions,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  JsonObject,
  MeshportEnvironment,
  PendingVersion,
} from '@meshport/plugin-data-products-common';

export interface ContractsServiceOptions {
  catalog: CatalogService;
  environments: MeshportEnvironment[];
  /** `meshport.contracts.noticePeriod`, e.g. `30d`. */
  noticePeriod: string;
  clock?: () => Date;
}

export class ContractsService {
  readonly #catalog: CatalogService;
  readonly #environments: MeshportEnvironment[];
  readonly #noticePeriod: string;
  readonly #clock: () => Date;

  constructor(options: ContractsServiceOptions) {
    this.#catalog = options.catalog;
    this.#environments = options.environments;
    this.#noticePeriod = options.noticePeriod;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Newer major versions, published as other Datasets, that replace this one on a sunset. */
  async getPendingVersions(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<{ noticePeriod: string; pending: PendingVersion[] }> {
    const dataset = await this.#get(ref, credentials);
    if (!dataset || !isDatasetEntity(dataset)) {
      throw new NotFoundError(`There is no Dataset ${ref} you may read`);
    }
    return {
      noticePeriod: this.#noticePeriod,
      pending: findPendingVersions(dataset, await this.#datasets(credentials), {
        now: this.#clock(),
        noticePeriod: this.#noticePeriod,
      }),
    };
  }

  /** The dataset's ODCS v3.1 contract; its product gives the domain and the environments. */
  async getDatasetContract(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<JsonObject> {
    const dataset = await this.#get(ref, credentials);
    if (!dataset || !isDatasetEntity(dataset)) {
      throw new NotFoundError(`There is no Dataset ${ref} you may read`);
    }
    const product = await this.#get(getDatasetProductRef(dataset), credentials);
    const productEnvironments =
      product && isDataProductEntity(product)
        ? product.spec.environments
        : undefined;
    return exportDatasetToOdcs(dataset, {
      environments: this.#environments.filter(
        environment =>
          !productEnvironments ||
          productEnvironments.includes(environment.name),
      ),
      domain:
        product && isDataProductEntity(product)
          ? product.spec.domain
          : undefined,
    });
  }

  /** The product's ODPS v1.0 document, its Datasets as output ports. */
  async getProductDocument(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<JsonObject> {
    const product = await this.#get(ref, credentials);
    if (!product || !isDataProductEntity(product)) {
      throw new NotFoundError(`There is no DataProduct ${ref} you may read`);
    }
    const datasets = await this.#datasets(credentials);
    const productRef = stringifyEntityRef(product);
    return exportDataProductToOdps(product as DataProductEntity, {
      datasets: datasets.filter(d => getDatasetProductRef(d) === productRef),
      inputDatasets: datasets,
    });
  }

  async #get(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    try {
      return await this.#catalog.getEntityByRef(ref, { credentials });
    } catch (error) {
      throw new ServiceUnavailableError(
        `The catalog could not be read: ${(error as Error).message}`,
      );
    }
  }

  async #datasets(credentials: BackstageCredentials): Promise<DatasetEntity[]> {
    try {
      const { items } = await this.#catalog.getEntities(
        { filter: { kind: 'Dataset' } },
        { credentials },
      );
      return items.filter(isDatasetEntity);
    } catch (error) {
      throw new ServiceUnavailableError(
        `The catalog could not be read: ${(error as Error).message}`,
      );
    }
  }
}
