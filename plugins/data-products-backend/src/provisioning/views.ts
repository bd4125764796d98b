/*
 * What the read routes show: one product's desired resources and pending
 * operations, and the export of the whole desired state. Computed from the
 * current input and the stored snapshots; never calls the platform.
 */
import { InputError } from '@backstage/errors';
import type {
  DataProductProvisioningPlanResponse,
  ProvisioningJsonExport,
  ProvisioningRunProblem,
} from '@meshport/plugin-data-products-common';
import type {
  JsonObject,
  PlatformProvisioner,
  ProvisioningInput,
  ProvisioningPlan,
} from '@meshport/plugin-data-products-node';
import { normalizeEntityRef as normalizeProductRef } from '../lib/entityRefs';
import type { ProvisioningStore } from './ProvisioningStore';
import { mergeTerraform, selectEnvironment } from './exports';
import type { Reconciler } from './Reconciler';
import { operationInScope } from './summarize';

export const concerns = (
  problem: { dataProduct?: string },
  productRef: string,
): boolean =>
  Boolean(problem.dataProduct) &&
  normalizeProductRef(problem.dataProduct!) === productRef;

/** What one provisioner plans for a product: its resources, pending operations and problems. */
export async function provisionerView(options: {
  reconciler: Pick<Reconciler, 'planOperations'>;
  provisioner: PlatformProvisioner;
  plan: ProvisioningPlan;
  input: ProvisioningInput;
  productRef: string;
}): Promise<DataProductProvisioningPlanResponse['provisioners'][number]> {
  const { reconciler, provisioner, plan, input, productRef } = options;
  const pending = await reconciler.planOperations(provisioner, plan, input);
  const pendingOperations = pending.operations?.filter(operation =>
    operationInScope(operation, { dataProducts: [productRef] }),
  );
  return {
    id: provisioner.id,
    resources: provisioner.resourcesOf
      ? provisioner.resourcesOf(plan, productRef)
      : ((plan.desired ?? {}) as JsonObject),
    filtered: Boolean(provisioner.resourcesOf),
    ...(pendingOperations ? { pendingOperations } : {}),
    problems: [
      ...plan.problems
        .filter(problem => concerns(problem, productRef))
        .map(problem => ({ ...problem, provisioner: provisioner.id })),
      ...pending.problems,
    ],
  };
}

/** The provisioning view of one DataProduct (full ref, any case). */
export async function getDataProductPlan(options: {
  reconciler: Reconciler;
  store: ProvisioningStore;
  entityRef: string;
}): Promise<DataProductProvisioningPlanResponse> {
  const { reconciler, store } = options;
  const productRef = normalizeProductRef(options.entityRef);
  // The whole input: a product's policies depend on other products' grants.
  const { input, problems } = await reconciler.gatherInput();

  const provisioners: DataProductProvisioningPlanResponse['provisioners'] = [];
  for (const provisioner of reconciler.provisioners) {
    const plan = await reconciler.plan(provisioner, input);
    provisioners.push(
      await provisionerView({
        reconciler,
        provisioner,
        plan,
        input,
        productRef,
      }),
    );
  }

  const lastRun = await store.findLatestRun({ covering: productRef });
  return {
    entityRef: options.entityRef,
    mode: reconciler.mode,
    provisioners,
    problems: problems.filter(problem => concerns(problem, productRef)),
    ...(lastRun ? { lastRun } : {}),
  };
}

/** The whole desired state, optionally one environment's part of it. */
export async function exportDesiredState(options: {
  reconciler: Reconciler;
  format: 'terraform' | 'json';
  environment?: string;
}): Promise<JsonObject | ProvisioningJsonExport> {
  const { reconciler, format, environment } = options;
  const { input } = await reconciler.gatherInput();
  if (
    environment !== undefined &&
    !input.environments.some(e => e.name === environment)
  ) {
    throw new InputError(
      `query.environment: unknown environment "${environment}" (configured: ${
        input.environments.map(e => e.name).join(', ') || 'none'
      })`,
    );
  }

  const plans = [];
  for (const provisioner of reconciler.provisioners) {
    const plan = await reconciler.plan(provisioner, input);
    plans.push({
      provisioner,
      plan: environment
        ? { ...plan, desired: selectEnvironment(plan.desired, environment) }
        : plan,
    });
  }

  if (format === 'json') {
    return {
      ...(environment ? { environment } : {}),
      provisioners: plans.map(({ provisioner, plan }) => ({
        id: provisioner.id,
        desired: plan.desired,
        problems: plan.problems
          .filter(
            problem =>
              !environment ||
              !problem.environment ||
              problem.environment === environment,
          )
          .map(
            (problem): ProvisioningRunProblem => ({
              ...problem,
              provisioner: provisioner.id,
            }),
          ),
      })),
    };
  }

  const documents = plans.flatMap(({ provisioner, plan }) =>
    provisioner.renderTerraform ? [provisioner.renderTerraform(plan)] : [],
  );
  if (documents.length === 0) {
    throw new InputError(
      'query.format: no installed provisioner can render Terraform; use format=json',
    );
  }
  return mergeTerraform(documents);
}
