/*
 * The data-products backend's provisioning routes, called with this
 * module's service token (the scaffolder runs on behalf of the task),
 * through the client generated from the backend's OpenAPI document.
 */
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DataProductsRestClient,
  type DataProductProvisioningPlanResponse,
  type DataProductsRestResponse,
  type ProvisioningRun,
  type ProvisioningRunDetails,
} from '@meshport/plugin-data-products-common';

export interface ProvisioningApi {
  preview(entities: object[]): Promise<DataProductProvisioningPlanResponse>;
  triggerRun(entityRef: string): Promise<ProvisioningRun>;
  getRun(id: string): Promise<ProvisioningRunDetails>;
}

export class DataProductsBackendClient implements ProvisioningApi {
  private readonly api: DataProductsRestClient;

  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      fetch?: typeof fetch;
    },
  ) {
    const send = options.fetch ?? fetch;
    this.api = new DataProductsRestClient({
      discoveryApi: options.discovery,
      fetchApi: { fetch: (input, init) => send(input, init) },
    });
  }

  async preview(
    entities: object[],
  ): Promise<DataProductProvisioningPlanResponse> {
    // Copies as plain objects: the body's entities are JSON objects, which
    // an interface such as Entity is not to the type checker.
    const body = { entities: entities.map(entity => ({ ...entity })) };
    return this.call((api, request) =>
      api.previewProvisioning({ body }, request),
    );
  }

  async triggerRun(entityRef: string): Promise<ProvisioningRun> {
    const { run } = await this.call((api, request) =>
      api.triggerProvisioningRun({ body: { entityRef } }, request),
    );
    return run;
  }

  async getRun(id: string): Promise<ProvisioningRunDetails> {
    return this.call((api, request) =>
      api.getProvisioningRun({ path: { id }, query: {} }, request),
    );
  }

  /** One operation with this module's token: its JSON body, or the backend's error. */
  private async call<T>(
    send: (
      api: DataProductsRestClient,
      request: { token: string },
    ) => Promise<DataProductsRestResponse<T>>,
  ): Promise<T> {
    const { auth } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'data-products',
    });
    const response = await send(this.api, { token });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as unknown as Response);
    }
    return response.json();
  }
}
