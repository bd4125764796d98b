/*
 * Reads everything `meshport get` shows from the portal (catalog, provisioning, access, SLO and
 * retirement routes) and hands it to the pure assessProductHealth.
 */
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  DataProductProvisioningPlanResponse,
  DataProductRetirementResponse,
  ListAccessRequestsResponse,
  ListProvisioningRunsResponse,
  ProvisioningRun,
  ProvisioningRunDetails,
  SloSummaryResponse,
} from '@meshport/plugin-data-products-common';
import {
  assessProductHealth,
  CatalogEntityState,
  ProductHealth,
} from './health';
import { PortalClient, PortalError } from './portal';
import {
  entityTitle,
  forbiddenSentence,
  getEntity,
  processingErrors,
} from './portalCatalog';

const UNDER_WAY = ['queued', 'running'];

function catalogState(entity: Entity): CatalogEntityState {
  return {
    entityRef: stringifyEntityRef(entity),
    title: entityTitle(entity),
    errors: processingErrors(entity),
  };
}

/** The DataProduct a Dataset belongs to (itself for a product). */
export async function productOf(
  client: PortalClient,
  entity: Entity,
): Promise<Entity | undefined> {
  if (entity.kind.toLocaleLowerCase('en-US') === 'dataproduct') {
    return entity;
  }
  const ref = (entity.spec as { dataProduct?: string })?.dataProduct;
  return ref
    ? getEntity(
        client,
        parseEntityRef(ref, {
          defaultKind: 'DataProduct',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      )
    : undefined;
}

/** Full refs of the product's Datasets, from its `hasOutput` relations. */
export function outputDatasetRefs(product: Entity): string[] {
  return (product.relations ?? [])
    .filter(relation => relation.type === 'hasOutput')
    .map(relation => relation.targetRef);
}

export async function readProductHealth(
  client: PortalClient,
  entity: Entity,
  environment?: string,
): Promise<ProductHealth> {
  const unreadable: string[] = [];
  const isDataset = entity.kind.toLocaleLowerCase('en-US') === 'dataset';
  const product = await productOf(client, entity);
  const productRef = product ? stringifyEntityRef(product) : undefined;

  /** A part the caller may not read, or that is missing, becomes a note instead of a failure. */
  async function read<T>(what: string, load: () => Promise<T>) {
    try {
      return await load();
    } catch (error) {
      if (
        error instanceof PortalError &&
        (error.status === 403 || error.status === 404 || error.status === 400)
      ) {
        unreadable.push(`Cannot read ${what}: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  }

  let datasetRefs: string[] = [];
  if (isDataset) {
    datasetRefs = [stringifyEntityRef(entity)];
  } else if (product) {
    datasetRefs = outputDatasetRefs(product);
  }
  const datasets = isDataset
    ? [entity]
    : (
        await Promise.all(datasetRefs.map(ref => getEntity(client, ref)))
      ).filter((e): e is Entity => !!e);
  const catalog = [
    ...(product ? [catalogState(product)] : []),
    ...datasets.map(catalogState),
  ];
  if (!product) {
    unreadable.push(
      `The data product of ${entityTitle(entity)} is not in the catalog`,
    );
  }

  const forbidden = (what: string) => async (message: string) =>
    forbiddenSentence(client, product ?? entity, what, message);

  const activeStatuses = ['approved', 'granted'];
  const readPlanAndRun = async () => {
    if (!productRef) {
      return { plan: undefined, lastRun: undefined, runUnderWay: undefined };
    }
    const plan = await read('the provisioning plan', () =>
      client.dataProducts<DataProductProvisioningPlanResponse>(
        api => api.getProvisioningPlan({ query: { entityRef: productRef } }),
        { forbidden: forbidden('read the provisioning of') },
      ),
    );
    // A run that is queued or running says nothing yet: judge by the last finished one.
    let finished: ProvisioningRun | undefined = plan?.lastRun;
    let runUnderWay: ProvisioningRun | undefined;
    if (finished && UNDER_WAY.includes(finished.status)) {
      runUnderWay = finished;
      const recent = await read('the recent provisioning runs', () =>
        client.dataProducts<ListProvisioningRunsResponse>(api =>
          api.listProvisioningRuns({
            query: { entityRef: productRef, limit: '20' },
          }),
        ),
      );
      finished = recent?.items.find(run => !UNDER_WAY.includes(run.status));
    }
    const lastRun = finished
      ? await read('the last provisioning run', () =>
          client.dataProducts<ProvisioningRunDetails>(api =>
            api.getProvisioningRun({
              path: { id: finished!.id },
              query: { entityRef: productRef },
            }),
          ),
        )
      : undefined;
    return { plan, lastRun, runUnderWay };
  };
  // The parts are independent: ask for them at once.
  const [{ plan, lastRun, runUnderWay }, grantsHeld, given, slo, retirement] =
    await Promise.all([
      readPlanAndRun(),
      productRef && !isDataset
        ? read('the grants it holds', () =>
            client.dataProducts<ListAccessRequestsResponse>(api =>
              api.listAccessRequests({
                query: {
                  consumer: productRef,
                  status: activeStatuses,
                  limit: '100',
                },
              }),
            ),
          )
        : undefined,
      Promise.all(
        datasetRefs.map(dataset =>
          read(`the grants on ${dataset}`, () =>
            client.dataProducts<ListAccessRequestsResponse>(api =>
              api.listAccessRequests({
                query: { dataset, status: activeStatuses, limit: '100' },
              }),
            ),
          ),
        ),
      ),
      productRef
        ? read('the SLOs', () =>
            client.dataProducts<SloSummaryResponse>(api =>
              api.getSloSummary({ query: { dataProduct: productRef } }),
            ),
          )
        : undefined,
      productRef
        ? read('the retirement', () =>
            client.dataProducts<DataProductRetirementResponse>(api =>
              api.getRetirement({ query: { entityRef: productRef } }),
            ),
          )
        : undefined,
    ]);

  const datasetSet = new Set(
    datasetRefs.map(r => r.toLocaleLowerCase('en-US')),
  );
  return assessProductHealth({
    entityRef: stringifyEntityRef(entity),
    title: entityTitle(entity),
    catalog,
    plan,
    lastRun,
    runUnderWay,
    grantsHeld: grantsHeld?.items,
    grantsGiven: given.flatMap(list => list?.items ?? []),
    slo: slo && {
      ...slo,
      datasets: slo.datasets.filter(d =>
        datasetSet.has(d.dataset.toLocaleLowerCase('en-US')),
      ),
    },
    retirement,
    unreadable,
    environment,
  });
}
