/*
 * The data-products backend's provisioning routes, called with this
 * module's service token (the scaffolder runs on behalf of the task).
 */
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  DataProductProvisioningPlanResponse,
  PreviewProvisioningRequest,
  ProvisioningRun,
  ProvisioningRunDetails,
  TriggerProvisioningRunResponse,
} from '@meshport/plugin-data-products-common';

export interface ProvisioningApi {
  preview(entities: object[]): Promise<DataProductProvisioningPlanResponse>;
  triggerRun(entityRef: string): Promise<ProvisioningRun>;
  getRun(id: string): Promise<ProvisioningRunDetails>;
}

export class DataProductsBackendClient implements ProvisioningApi {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      fetch?: typeof fetch;
    },
  ) {}

  async preview(
    entities: object[],
  ): Promise<DataProductProvisioningPlanResponse> {
    // Copies as plain objects: the body's entities are JSON objects, which
    // an interface such as Entity is not to the type checker.
    const body: PreviewProvisioningRequest = {
      entities: entities.map(entity => ({ ...entity })),
    };
    return this.request('POST', '/provisioning/preview', body);
  }

  async triggerRun(entityRef: string): Promise<ProvisioningRun> {
    const response: TriggerProvisioningRunResponse = await this.request(
      'POST',
      '/provisioning/runs',
      { entityRef },
    );
    return response.run;
  }

  async getRun(id: string): Promise<ProvisioningRunDetails> {
    return this.request('GET', `/provisioning/runs/${encodeURIComponent(id)}`);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const { auth, discovery } = this.options;
    const baseUrl = await discovery.getBaseUrl('data-products');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'data-products',
    });
    const response = await (this.options.fetch ?? fetch)(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
