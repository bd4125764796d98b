/*
 * Release resources: the product is left out of provisioning from this step
 * on, so a provisioning run deletes what it manages; the step waits for it.
 */
import { releaseSummary } from '../words';
import type { RetirementStepDefinition } from './types';

export const releaseResources: RetirementStepDefinition = {
  name: 'release-resources',
  async run({ retirement, step, deps }) {
    const { provisioning, provisioners } = deps;
    if (provisioners.length === 0) {
      return {
        status: 'succeeded',
        summary:
          'No provisioner is installed: there are no resources to release',
      };
    }
    let runId =
      typeof step.result?.runId === 'string' ? step.result.runId : undefined;
    if (!runId) {
      // The product is excluded from the provisioning input from now on (this
      // step is no longer pending), so the run deletes what it manages.
      const triggered = await provisioning.trigger({
        reason: 'retirement',
        dataProducts: [retirement.dataProduct],
        requestedBy: retirement.confirmedBy ?? retirement.requestedBy,
      });
      runId = triggered.id;
    }
    const run = await provisioning.getRun(runId);
    // The run's id and start stay in the result: the Retirement tab links the run by its date.
    const ran = run ? { runId, runCreatedAt: run.createdAt } : { runId };
    if (run && (run.status === 'queued' || run.status === 'running')) {
      return {
        status: 'waiting',
        summary:
          run.status === 'queued'
            ? 'Waiting for the provisioning run that releases them to start'
            : 'Waiting for the provisioning run that releases them to finish',
        result: ran,
      };
    }
    if (run && (run.status === 'succeeded' || run.status === 'partial')) {
      const deletes = run.summary?.byAction?.delete ?? 0;
      const failed = run.summary?.byStatus?.failed ?? 0;
      return {
        status: 'succeeded',
        summary: releaseSummary({ mode: run.mode, deletes, failed }),
        result: {
          ...ran,
          runStatus: run.status,
          mode: run.mode,
          deletes,
          failed,
        },
      };
    }
    if (!run || run.status === 'failed') {
      // A new attempt starts a new run.
      const error = run
        ? `The provisioning run that releases them failed: ${
            run.error ?? 'no details'
          }`
        : 'The provisioning run that releases them is no longer recorded';
      return {
        status: 'failed',
        error,
        result: {
          previousRunId: runId,
          ...(run ? { runCreatedAt: run.createdAt } : {}),
        },
      };
    }
    return {
      status: 'waiting',
      summary: 'Waiting for the provisioning run that releases them',
      result: ran,
    };
  },
};
