/* Retirement hooks: a platform's part in retiring a data product, and their extension point. */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { DataProductEntity } from '@meshport/plugin-data-products-common';

/**
 * What a retirement tells a hook about the product it retires.
 *
 * @public
 */
export interface RetirementHookContext {
  retirementId: string;
  /** Full DataProduct ref (lowercase). */
  dataProduct: string;
  /** The product as the catalog held it when the retirement started. */
  entity?: DataProductEntity;
  /** Full Dataset refs of its datasets. */
  datasets: string[];
  reason: string;
  signal?: AbortSignal;
}

/**
 * A platform's part in retiring a data product, e.g. stopping its pipeline in
 * the orchestrator. Every method must be idempotent: after a crash the step
 * runs again.
 *
 * @public
 */
export interface DataProductsRetirementHook {
  /** Unique id, e.g. `airflow`. */
  readonly id: string;
  /**
   * Stops (pauses, undeploys) the product's pipelines, first step of a
   * retirement. Returns a sentence for people about what it did.
   */
  stopPipeline?(context: RetirementHookContext): Promise<{ note?: string }>;
}

/** Lets backend modules take part in retirements. @public */
export interface DataProductsRetirementHooksExtensionPoint {
  addRetirementHook(hook: DataProductsRetirementHook): void;
}

/** @public */
export const dataProductsRetirementHooksExtensionPoint =
  createExtensionPoint<DataProductsRetirementHooksExtensionPoint>({
    id: 'data-products.retirement-hooks',
  });
