/*
 * Stop monitoring: stops collecting and evaluating the datasets' SLOs (their
 * measurements are kept).
 */
import type { RetirementStepDefinition } from './types';

export const stopMonitoring: RetirementStepDefinition = {
  name: 'stop-monitoring',
  async run({ retirement, deps }) {
    await deps.sloMonitoring.stopMonitoring(retirement.datasets);
    return {
      status: 'succeeded',
      summary: `Stopped the SLO monitors of ${
        retirement.datasets.length
      } dataset${
        retirement.datasets.length === 1 ? '' : 's'
      } (their measurements are kept)`,
      result: { datasets: retirement.datasets },
    };
  },
};
