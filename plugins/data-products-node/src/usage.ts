/*
 * Usage collectors: read from a platform which products read which Datasets,
 * per day (e.g. each product's Athena workgroup query history). The
 * data-products backend asks them on a schedule (in `apply` mode only) and
 * adds their counts to the reads seen in lineage events; the Dataset's
 * Lineage tab and a retirement's usage show the sum.
 */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  DataProductEntity,
  DatasetEntity,
} from '@meshport/plugin-data-products-common';

/**
 * Reads of one Dataset by one consumer on one day.
 *
 * @public
 */
export interface DatasetReads {
  /** Full Dataset entity ref, e.g. `dataset:default/orders`. */
  dataset: string;
  /** Who read: a full DataProduct entity ref, or another stable id. */
  consumer: string;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Read queries (or jobs) that day. */
  reads: number;
}

/**
 * Reports reads per consumer per day from a platform.
 *
 * @public
 */
export interface UsageCollector {
  /** Unique id, e.g. `aws-athena`; stored as the source of its counts. */
  readonly id: string;
  /**
   * The reads of these datasets by these products on every whole UTC day
   * from `since` until now. A day it reports replaces what it reported for
   * that day before, so a collector may report a day again as it fills up.
   */
  collect(options: {
    products: DataProductEntity[];
    datasets: DatasetEntity[];
    since: Date;
    signal?: AbortSignal;
  }): Promise<DatasetReads[]>;
}

/** Lets backend modules add usage collectors. @public */
export interface DataProductsUsageCollectorsExtensionPoint {
  addUsageCollector(collector: UsageCollector): void;
}

/** @public */
export const dataProductsUsageCollectorsExtensionPoint =
  createExtensionPoint<DataProductsUsageCollectorsExtensionPoint>({
    id: 'data-products.usage-collectors',
  });
