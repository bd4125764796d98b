/*
 * Stop pipeline: asks every retirement hook that can (e.g. an orchestrator
 * module) to stop the product's pipeline; a failing hook fails the step.
 */
import type { DataProductEntity } from '@meshport/plugin-data-products-common';
import { describeError } from '../../lib/errors';
import type { RetirementStepDefinition } from './types';

export const stopPipeline: RetirementStepDefinition = {
  name: 'stop-pipeline',
  async run({ retirement, signal, deps }) {
    const hooks = deps.hooks.filter(hook => hook.stopPipeline);
    if (hooks.length === 0) {
      return {
        status: 'succeeded',
        summary:
          'No pipeline hook is installed, so no pipeline was stopped: stop it in your orchestrator (a backend module can do it through dataProductsRetirementHooksExtensionPoint)',
        result: { hooks: [] },
      };
    }
    const results: Array<{ hook: string; note?: string; error?: string }> = [];
    const entity = (retirement.snapshot as { product?: DataProductEntity })
      ?.product;
    for (const hook of hooks) {
      try {
        const outcome = await hook.stopPipeline!({
          retirementId: retirement.id,
          dataProduct: retirement.dataProduct,
          entity,
          datasets: retirement.datasets,
          reason: retirement.reason,
          signal,
        });
        results.push({
          hook: hook.id,
          ...(outcome?.note ? { note: outcome.note } : {}),
        });
      } catch (error) {
        results.push({ hook: hook.id, error: describeError(error) });
      }
    }
    const failed = results.filter(r => r.error);
    if (failed.length) {
      return {
        status: 'failed',
        error: failed.map(r => `${r.hook}: ${r.error}`).join('; '),
        result: { hooks: results },
      };
    }
    return {
      status: 'succeeded',
      summary: `Pipeline stopped by ${results
        .map(r => (r.note ? `${r.hook} (${r.note})` : r.hook))
        .join(', ')}`,
      result: { hooks: results },
    };
  },
};
