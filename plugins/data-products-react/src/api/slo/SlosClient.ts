import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreateSloMeasurementsRequest,
  CreateSloMeasurementsResponse,
  DatasetSloReport,
  SloSummaryResponse,
} from '@meshport/plugin-data-products-common';
import type { SlosApi } from './SlosApi';

/** The plugin id the data-products backend is mounted under. */
const PLUGIN_ID = 'data-products';

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
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: SlosClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getDatasetSloReport(datasetRef: string): Promise<DatasetSloReport> {
    const { namespace, name } = parseDatasetRef(datasetRef);
    return this.request(
      `/slo/datasets/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}`,
    );
  }

  async getSloSummary(dataProductRef: string): Promise<SloSummaryResponse> {
    const query = new URLSearchParams({ dataProduct: dataProductRef });
    return this.request(`/slo/summary?${query}`);
  }

  async createSloMeasurements(
    request: CreateSloMeasurementsRequest,
  ): Promise<CreateSloMeasurementsResponse> {
    return this.request('/slo/measurements', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  /** Calls the backend; rejects with a ResponseError on any non-2xx answer. */
  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
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
