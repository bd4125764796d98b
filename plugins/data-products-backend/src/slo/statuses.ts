/*
 * Pure: the SLO status of each Dataset and DataProduct for the Data home's
 * chips and facet, from the datasets' computed worst statuses.
 */
import type {
  SloStatus,
  SloStatusItem,
} from '@meshport/plugin-data-products-common';
import { normalizeEntityRef } from '../lib/entityRefs';
import { worstStatus } from './reports';

export interface DatasetStatus {
  /** Full Dataset ref. */
  dataset: string;
  /** Full DataProduct ref, when the dataset is an output of one. */
  dataProduct?: string;
  /** Undefined when the dataset declares no SLOs. */
  status?: SloStatus;
}

/**
 * One item per dataset with SLOs and one per product (its worst dataset's
 * status; a product whose datasets declare no SLOs has none), refs
 * lowercase, sorted by ref.
 */
export function sloStatusItems(datasets: DatasetStatus[]): SloStatusItem[] {
  const items = new Map<string, SloStatus>();
  const products = new Map<string, SloStatus[]>();
  for (const { dataset, dataProduct, status } of datasets) {
    if (!status) {
      continue;
    }
    items.set(normalizeEntityRef(dataset), status);
    if (dataProduct) {
      const ref = normalizeEntityRef(dataProduct);
      products.set(ref, [...(products.get(ref) ?? []), status]);
    }
  }
  for (const [ref, statuses] of products) {
    items.set(ref, worstStatus(statuses)!);
  }
  return [...items]
    .map(([entityRef, status]) => ({ entityRef, status }))
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}

/** Keeps the items with one of `statuses` and one of `entityRefs` (each when given). */
export function filterSloStatusItems(
  items: SloStatusItem[],
  filter: { statuses?: SloStatus[]; entityRefs?: string[] },
): SloStatusItem[] {
  const refs = filter.entityRefs?.map(normalizeEntityRef);
  return items.filter(
    item =>
      (!filter.statuses?.length || filter.statuses.includes(item.status)) &&
      (!refs?.length || refs.includes(item.entityRef)),
  );
}
