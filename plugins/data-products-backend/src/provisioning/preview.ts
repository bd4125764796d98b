/*
 * The provisioning preview of draft entities: what the provisioners would
 * create for a DataProduct (and its Datasets) that is not in the catalog yet,
 * or not in this shape. The scaffolder shows it in a dry-run and in the
 * wizard's output before anything is published. Never calls the platform and
 * never records anything.
 */
import { InputError } from '@backstage/errors';
import {
  DataProductEntity,
  DataProductProvisioningPlanResponse,
  DatasetEntity,
  formatEntityRef,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  MeshportEnvironment,
  validateEntity,
} from '@meshport/plugin-data-products-common';
import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import { normalizeEntityRef as normalizeProductRef } from '../lib/entityRefs';
import type { GatheredInput } from './input';
import type { Reconciler } from './Reconciler';
import { concerns, provisionerView } from './views';

export interface DraftEntities {
  /** Full, lowercase ref of the DataProduct the drafts describe. */
  productRef: string;
  products: DataProductEntity[];
  datasets: DatasetEntity[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks draft entities the way the catalog would, plus that they describe
 * one product: at most one DataProduct, and Datasets that all belong to it
 * (or, without a DataProduct, to one existing product). Throws an InputError
 * naming each offending field, e.g. `body.entities[1].spec.access: ...`.
 */
export function parseDraftEntities(
  raw: unknown[],
  environments: MeshportEnvironment[],
  location = 'body.entities',
): DraftEntities {
  const problems: string[] = [];
  const products: DataProductEntity[] = [];
  const datasets: DatasetEntity[] = [];
  raw.forEach((entity, index) => {
    const at = `${location}[${index}]`;
    if (
      !isObject(entity) ||
      !(isDataProductEntity(entity as any) || isDatasetEntity(entity as any))
    ) {
      problems.push(
        `${at}.kind: must be a DataProduct or Dataset of apiVersion meshport.io/v1alpha1`,
      );
      return;
    }
    const found = validateEntity(entity, { environments });
    if (found.length > 0) {
      problems.push(
        ...found.map(problem => `${at}.${problem.path}: ${problem.message}`),
      );
      return;
    }
    if (isDataProductEntity(entity as any)) {
      products.push(entity as unknown as DataProductEntity);
    } else {
      datasets.push(entity as unknown as DatasetEntity);
    }
  });
  if (problems.length > 0) {
    throw new InputError(problems.join('; '));
  }
  if (products.length > 1) {
    throw new InputError(
      `${location}: must hold at most one DataProduct (got ${products
        .map(formatEntityRef)
        .join(', ')})`,
    );
  }
  let productRef = '';
  if (products.length > 0) {
    productRef = normalizeProductRef(formatEntityRef(products[0]));
  } else if (datasets.length > 0) {
    productRef = normalizeProductRef(getDatasetProductRef(datasets[0]));
  }
  if (!productRef) {
    throw new InputError(`${location}: must hold a DataProduct or a Dataset`);
  }
  datasets.forEach(dataset => {
    const owner = normalizeProductRef(getDatasetProductRef(dataset));
    if (owner !== productRef) {
      throw new InputError(
        `${location}[${raw.indexOf(
          dataset,
        )}].spec.dataProduct: must be ${productRef}, the product previewed (got ${owner})`,
      );
    }
  });
  return { productRef, products, datasets };
}

/** Whether the catalog holds the product (valid or not). */
export function isProductInInput(
  gathered: GatheredInput,
  productRef: string,
): boolean {
  return (
    gathered.input.products.some(
      product => normalizeProductRef(formatEntityRef(product)) === productRef,
    ) ||
    gathered.problems.some(
      problem =>
        Boolean(problem.dataProduct) &&
        normalizeProductRef(problem.dataProduct!) === productRef,
    )
  );
}

/** The input with the drafts in place of the catalog's entities of the same ref. */
export function mergeDraftEntities(
  input: ProvisioningInput,
  drafts: Pick<DraftEntities, 'products' | 'datasets'>,
): ProvisioningInput {
  const replaced = new Set(
    [...drafts.products, ...drafts.datasets].map(entity =>
      normalizeProductRef(formatEntityRef(entity)),
    ),
  );
  const kept = <T extends DataProductEntity | DatasetEntity>(entities: T[]) =>
    entities.filter(
      entity => !replaced.has(normalizeProductRef(formatEntityRef(entity))),
    );
  return {
    ...input,
    products: [...kept(input.products), ...drafts.products],
    datasets: [...kept(input.datasets), ...drafts.datasets],
  };
}

/**
 * What the provisioners would hold for the drafted product, merged into the
 * current input (so grants and other products are as they are now), and the
 * operations that would create or change it.
 */
export async function previewDataProductPlan(options: {
  reconciler: Reconciler;
  drafts: DraftEntities;
  /** The current input, if the caller gathered it already. */
  gathered?: GatheredInput;
}): Promise<DataProductProvisioningPlanResponse> {
  const { reconciler, drafts } = options;
  const { productRef } = drafts;
  const gathered = options.gathered ?? (await reconciler.gatherInput());
  const input = mergeDraftEntities(gathered.input, drafts);

  const provisioners: DataProductProvisioningPlanResponse['provisioners'] = [];
  for (const provisioner of reconciler.provisioners) {
    // Not the reconciler's cached plan: a preview must not replace it.
    const plan = await provisioner.plan(input);
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
  return {
    entityRef: productRef,
    mode: reconciler.mode,
    provisioners,
    problems: gathered.problems.filter(problem =>
      concerns(problem, productRef),
    ),
  };
}
