import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  DataProductsRestClient,
  CreateSloMeasurementsRequest,
  CreateSloMeasurementsResponse,
  DatasetSloReport,
  SloStatus,
  SloStatusesResponse,
  SloSummaryResponse,
} from '@meshport/plugin-data-products-common';
import { createRestClient, unwrap } from '../restClient';
import type { SlosApi } from './SlosApi';

/**
 * Options of {@link SlosClient}.
 *
 * @public
 */
export interface SlosClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * The {@link SlosApi} over HTTP, against the data-products backend.
 *
 * @public
 */
export class SlosClient implements SlosApi {
  private readonly client: DataProductsRestClient;

  constructor(options: SlosClientOptions) {
    this.client = createRestClient(options);
  }

  async getDatasetSloReport(datasetRef: string): Promise<DatasetSloReport> {
    return unwrap(
      this.client.getDatasetSloReport({ path: parseDatasetRef(datasetRef) }),
    );
  }

  async getSloSummary(dataProductRef: string): Promise<SloSummaryResponse> {
    return unwrap(
      this.client.getSloSummary({ query: { dataProduct: dataProductRef } }),
    );
  }

  async getSloStatuses(
    filter: { status?: SloStatus[]; entityRefs?: string[] } = {},
  ): Promise<SloStatusesResponse> {
    return unwrap(
      this.client.getSloStatuses({
        query: {
          ...(filter.status?.length ? { status: filter.status } : {}),
          ...(filter.entityRefs?.length
            ? { entityRef: filter.entityRefs }
            : {}),
        },
      }),
    );
  }

  async createSloMeasurements(
    request: CreateSloMeasurementsRequest,
  ): Promise<CreateSloMeasurementsResponse> {
    return unwrap(this.client.createSloMeasurements({ body: request }));
  }
}

/**
 * Namespace and name of a Dataset ref (`[dataset:][namespace/]name`, the
 * namespace defaulting to `default`). Throws on another kind, so that a
 * mistake shows in the UI instead of as a confusing 404.
 */
function parseDatasetRef(ref: string): { namespace: string; name: string } {
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref.trim());
  if (!match) {
    throw new TypeError(`Invalid Dataset entity ref '${ref}'`);
  }
  const [, kind, namespace = 'default', name] = match;
  if (kind !== undefined && kind.toLocaleLowerCase('en-US') !== 'dataset') {
    throw new TypeError(
      `Expected a Dataset entity ref, got '${ref}' (kind ${kind})`,
    );
  }
  return { namespace, name };
}
