/*
 * What the Provisioning tab reads of one product's runs: the latest run
 * that touched it, and each resource's details as an earlier run recorded
 * them (the "before" of a diff). Read-only over the provisioning tables.
 */
export interface ProductChangesStore {
  /** The id of the latest run (by creation) with an operation on `product`. */
  latestRunTouching(product: string): Promise<string | undefined>;
  /**
   * For each of `resources` of `product`: the details of the latest
   * operation on it in a run created before `before` that was applied (or
   * planned, for plan-mode meshes), with that run's id.
   */
  previousDetails(
    product: string,
    before: Date,
    resources: string[],
  ): Promise<Map<string, { runId: string; details: Record<string, unknown> }>>;
  /** Per run of `runIds`: how many operations on `product` it had, by action and status. */
  operationCounts(product: string, runIds: string[]): Promise<OperationCount[]>;
}

/** How many operations on one product a run had with one action and status. */
export interface OperationCount {
  runId: string;
  action: 'create' | 'update' | 'delete';
  status: string;
  count: number;
}
