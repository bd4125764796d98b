import {
  dataProductsProvisionersExtensionPoint,
  dataProductsRetirementHooksExtensionPoint,
  dataProductsSliCollectorsExtensionPoint,
  PlatformProvisioner,
  ProvisioningPlan,
  SliCollector,
} from './index';

describe('data-products extension points', () => {
  it('have stable ids other modules register against', () => {
    expect(dataProductsProvisionersExtensionPoint.id).toBe(
      'data-products.provisioners',
    );
    expect(dataProductsSliCollectorsExtensionPoint.id).toBe(
      'data-products.sli-collectors',
    );
    expect(dataProductsRetirementHooksExtensionPoint.id).toBe(
      'data-products.retirement-hooks',
    );
  });

  it('lets a provisioner be written against the interface alone', async () => {
    const noop: PlatformProvisioner<{ count: number }, number> = {
      id: 'noop',
      async plan(input) {
        return {
          provisioner: 'noop',
          desired: { count: input.products.length },
          problems: [],
        };
      },
      async readActualState() {
        return 0;
      },
      diff(plan: ProvisioningPlan<{ count: number }>, actual) {
        return plan.desired.count === actual
          ? []
          : [
              {
                id: 'noop:dev:update:thing:x',
                provisioner: 'noop',
                environment: 'dev',
                action: 'update',
                resourceType: 'thing',
                resource: 'x',
                description: 'Update thing x',
                details: { from: actual, to: plan.desired.count },
              },
            ];
      },
      async apply(operations, options) {
        const results = operations.map(op => ({
          operationId: op.id,
          status: 'succeeded' as const,
          finishedAt: '2025-01-01T00:00:00.000Z',
        }));
        for (const result of results) await options?.onResult?.(result);
        return results;
      },
    };
    const plan = await noop.plan({
      products: [],
      datasets: [],
      grants: [],
      environments: [],
    });
    const operations = noop.diff(plan, 1);
    const seen: string[] = [];
    await noop.apply(operations, {
      onResult: r => void seen.push(r.operationId),
    });
    expect(seen).toEqual(['noop:dev:update:thing:x']);

    const collector: SliCollector = {
      id: 'fixed',
      async collect(datasets, since) {
        return datasets.map(d => ({
          dataset: `dataset:default/${d.metadata.name}`,
          kind: 'update' as const,
          at: since.toISOString(),
          rowCount: 1,
        }));
      },
    };
    await expect(collector.collect([], new Date())).resolves.toEqual([]);
  });
});
