/* SLI collectors: measurements of datasets read from a platform, and their extension point. */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { DatasetEntity } from '@meshport/plugin-data-products-common';

/**
 * One observation of a dataset, pushed by a pipeline or pulled by a
 * collector. SLIs (availability, completeness, freshness) are computed from
 * these.
 *
 * @public
 */
export interface Measurement {
  /** Full Dataset entity ref. */
  dataset: string;
  /** `update`: the data was (re)written; `availability`: a probe of whether it can be read. */
  kind: 'update' | 'availability';
  /** ISO 8601 timestamp of the observation. */
  at: string;
  /** Rows in the dataset after an update (feeds completeness). */
  rowCount?: number;
  /** Result of an availability probe. */
  available?: boolean;
  /** Environment the observation was made in, if the collector knows it. */
  environment?: string;
}

/**
 * Reads measurements from a platform, e.g. Glue table update times.
 *
 * @public
 */
export interface SliCollector {
  /** Unique id, e.g. `aws-glue`. */
  readonly id: string;
  /** Measurements of the given datasets taken after `since`. */
  collect(datasets: DatasetEntity[], since: Date): Promise<Measurement[]>;
}

/** Lets backend modules add SLI collectors. @public */
export interface DataProductsSliCollectorsExtensionPoint {
  addSliCollector(collector: SliCollector): void;
}

/** @public */
export const dataProductsSliCollectorsExtensionPoint =
  createExtensionPoint<DataProductsSliCollectorsExtensionPoint>({
    id: 'data-products.sli-collectors',
  });
