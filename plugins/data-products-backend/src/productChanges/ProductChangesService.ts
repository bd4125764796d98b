/*
 * One product's part of its latest provisioning run: its operations with a
 * diff each, and counts that are this product's, not the mesh's.
 */
import type {
  ProductProvisioningChange,
  ProductProvisioningChanges,
  ProductRunChanges,
} from '@meshport/plugin-data-products-common';
import type { ProvisioningStore } from '../provisioning/ProvisioningStore';
import { normalizeEntityRef as normalizeProductRef } from '../lib/entityRefs';
import type { ProductChangesStore } from './ProductChangesStore';
import { operationDiff } from './diff';

export class ProductChangesService {
  constructor(
    private readonly runs: Pick<ProvisioningStore, 'getRun' | 'listOperations'>,
    private readonly store: ProductChangesStore,
  ) {}

  async forProduct(entityRef: string): Promise<ProductProvisioningChanges> {
    const product = normalizeProductRef(entityRef);
    const counts = { create: 0, update: 0, delete: 0, failed: 0 };
    const runId = await this.store.latestRunTouching(product);
    const run = runId ? await this.runs.getRun(runId) : undefined;
    if (!run) return { entityRef, counts, changes: [] };
    const operations = (await this.runs.listOperations(run.id)).filter(
      o => o.dataProduct && normalizeProductRef(o.dataProduct) === product,
    );
    const previous = await this.store.previousDetails(
      product,
      new Date(run.createdAt),
      operations.filter(o => o.action !== 'create').map(o => o.resource),
    );
    const changes = operations.map((o): ProductProvisioningChange => {
      counts[o.action] += 1;
      if (o.status === 'failed') counts.failed += 1;
      const before = previous.get(o.resource)?.details;
      const diff = operationDiff(o.action, before, o.details);
      return {
        ...o,
        ...(diff ? { diff } : {}),
        ...(o.action !== 'create' && !before ? { previousUnknown: true } : {}),
      };
    });
    return { entityRef, run, counts, changes };
  }

  /**
   * What each of `runIds` changed for this product (created / updated / deleted, and how many
   * failed), in the order asked: the Provisioning tab's run history, never the mesh-wide count.
   */
  async countsByRun(
    entityRef: string,
    runIds: string[],
  ): Promise<ProductRunChanges> {
    const product = normalizeProductRef(entityRef);
    const rows = await this.store.operationCounts(product, runIds);
    const runs = runIds.map(runId => {
      const counts = { create: 0, update: 0, delete: 0, failed: 0 };
      for (const row of rows.filter(r => r.runId === runId)) {
        counts[row.action] += row.count;
        if (row.status === 'failed') counts.failed += row.count;
      }
      return { runId, counts };
    });
    return { entityRef, runs };
  }
}
