/*
 * An in-memory provisioner for tests: every product gets one "role" per
 * environment whose value lists the datasets it may read (its own and its
 * grants). `platform` is the fake cloud that `apply` changes.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  getDatasetProductRef,
  getInputDatasetRefs,
} from '@meshport/plugin-data-products-common';
import {
  ApplyOptions,
  dataProductsProvisionersExtensionPoint,
  JsonObject,
  OperationResult,
  PlatformProvisioner,
  ProvisioningInput,
  ProvisioningOperation,
  ProvisioningPlan,
  ProvisioningProblem,
  ReadActualStateOptions,
} from '@meshport/plugin-data-products-node';
import { normalizeEntityRef as lower } from '../lib/entityRefs';

export interface FakeResource {
  /** e.g. `role:dev:dataproduct:default/churn` */
  id: string;
  environment: string;
  dataProduct: string;
  /** Datasets the role reads, sorted. */
  reads: string[];
}

export interface FakeState {
  resources: FakeResource[];
}

export interface FakeProvisionerOptions {
  id?: string;
  /** Operation ids whose apply fails. */
  failingOperations?: string[];
  /** Throw from this method. */
  throwIn?: 'plan' | 'readActualState' | 'apply';
  /** Leave out `assumeApplied` (plan mode then records no operations). */
  withoutAssumeApplied?: boolean;
}

export class FakeProvisioner
  implements PlatformProvisioner<FakeState, FakeState>
{
  readonly id: string;
  /** What exists on the fake platform. */
  platform: FakeState = { resources: [] };
  /** Every call, in order, e.g. `plan`, `readActualState`, `apply`. */
  readonly calls: string[] = [];
  /** The operations passed to each `apply`. */
  readonly applied: ProvisioningOperation[][] = [];
  /** The scope passed to each `readActualState`. */
  readonly readScopes: Array<ReadActualStateOptions['scope']> = [];

  assumeApplied?: (plan: ProvisioningPlan<FakeState>) => FakeState;

  constructor(private readonly options: FakeProvisionerOptions = {}) {
    this.id = options.id ?? 'fake';
    if (!options.withoutAssumeApplied) {
      this.assumeApplied = plan => ({ resources: [...plan.desired.resources] });
    }
  }

  async plan(input: ProvisioningInput): Promise<ProvisioningPlan<FakeState>> {
    this.calls.push('plan');
    if (this.options.throwIn === 'plan') {
      throw new Error('plan exploded');
    }
    const problems: ProvisioningProblem[] = [];
    const resources: FakeResource[] = [];
    for (const product of input.products) {
      const ref = lower(stringifyEntityRef(product));
      if (product.metadata.name.includes('broken')) {
        problems.push({
          severity: 'error',
          dataProduct: ref,
          message: `${ref} cannot be planned`,
        });
        continue;
      }
      const own = input.datasets
        .filter(dataset => lower(getDatasetProductRef(dataset)) === ref)
        .map(dataset => lower(stringifyEntityRef(dataset)));
      for (const environment of input.environments) {
        const granted = input.grants
          .filter(
            grant =>
              lower(grant.consumer) === ref &&
              grant.environments.includes(environment.name),
          )
          .map(grant => lower(grant.dataset));
        resources.push({
          id: `role:${environment.name}:${ref}`,
          environment: environment.name,
          dataProduct: ref,
          reads: [...new Set([...own, ...granted])].sort(),
        });
      }
      // Input ports without a grant are a warning, like a real provisioner would say.
      for (const wanted of getInputDatasetRefs(product).map(lower)) {
        if (
          !input.grants.some(
            g => lower(g.dataset) === wanted && lower(g.consumer) === ref,
          )
        ) {
          problems.push({
            severity: 'warning',
            dataProduct: ref,
            message: `${ref} has no grant on ${wanted}`,
          });
        }
      }
    }
    return { provisioner: this.id, desired: { resources }, problems };
  }

  async readActualState(
    _plan: ProvisioningPlan<FakeState>,
    options?: ReadActualStateOptions,
  ): Promise<FakeState> {
    this.calls.push('readActualState');
    this.readScopes.push(options?.scope);
    if (this.options.throwIn === 'readActualState') {
      throw new Error('cannot reach the platform');
    }
    return { resources: [...this.platform.resources] };
  }

  diff(
    plan: ProvisioningPlan<FakeState>,
    actual: FakeState,
  ): ProvisioningOperation[] {
    const operations: ProvisioningOperation[] = [];
    const existing = new Map(actual.resources.map(r => [r.id, r]));
    const wanted = new Set(plan.desired.resources.map(r => r.id));
    const op = (
      action: ProvisioningOperation['action'],
      resource: FakeResource,
    ): ProvisioningOperation => ({
      id: `${this.id}:${resource.environment}:${action}:role:${resource.id}`,
      provisioner: this.id,
      environment: resource.environment,
      dataProduct: resource.dataProduct,
      action,
      resourceType: 'role',
      resource: resource.id,
      description: `${action} ${resource.id}`,
      details: { reads: resource.reads },
    });
    for (const resource of plan.desired.resources) {
      const current = existing.get(resource.id);
      if (!current) {
        operations.push(op('create', resource));
      } else if (current.reads.join() !== resource.reads.join()) {
        operations.push(op('update', resource));
      }
    }
    for (const resource of actual.resources) {
      if (!wanted.has(resource.id)) {
        operations.push(op('delete', resource));
      }
    }
    return operations;
  }

  async apply(
    operations: ProvisioningOperation[],
    options?: ApplyOptions,
  ): Promise<OperationResult[]> {
    this.calls.push('apply');
    this.applied.push(operations);
    if (this.options.throwIn === 'apply') {
      throw new Error('apply exploded');
    }
    const results: OperationResult[] = [];
    for (const operation of operations) {
      const failed = this.options.failingOperations?.includes(operation.id);
      if (!failed) {
        const resources = this.platform.resources.filter(
          r => r.id !== operation.resource,
        );
        if (operation.action !== 'delete') {
          resources.push({
            id: operation.resource,
            environment: operation.environment,
            dataProduct: operation.dataProduct!,
            reads: operation.details.reads as string[],
          });
        }
        this.platform = { resources };
      }
      const result: OperationResult = {
        operationId: operation.id,
        status: failed ? 'failed' : 'succeeded',
        ...(failed ? { error: 'AccessDenied: not allowed' } : {}),
        finishedAt: new Date().toISOString(),
      };
      results.push(result);
      await options?.onResult?.(result);
    }
    return results;
  }

  resourcesOf(
    plan: ProvisioningPlan<FakeState>,
    dataProductRef: string,
  ): JsonObject {
    return {
      resources: plan.desired.resources
        .filter(r => r.dataProduct === lower(dataProductRef))
        .map(r => ({ ...r })),
    };
  }

  renderTerraform(plan: ProvisioningPlan<FakeState>): JsonObject {
    return {
      resource: {
        fake_role: Object.fromEntries(
          plan.desired.resources.map(r => [
            r.id.replace(/[^A-Za-z0-9_-]/g, '_'),
            { reads: r.reads, environment: r.environment },
          ]),
        ),
      },
    };
  }
}

let moduleCount = 0;

/** A backend module that adds the given provisioner to the data-products plugin. */
export function createFakeProvisionerModule(
  provisioner: PlatformProvisioner<any, any>,
) {
  moduleCount += 1;
  return createBackendModule({
    pluginId: 'data-products',
    moduleId: `test-provisioner-${moduleCount}`,
    register(reg) {
      reg.registerInit({
        deps: { provisioners: dataProductsProvisionersExtensionPoint },
        async init({ provisioners }) {
          provisioners.addProvisioner(provisioner);
        },
      });
    },
  });
}
