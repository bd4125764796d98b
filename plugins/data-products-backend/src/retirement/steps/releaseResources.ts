/*
 * Release resources: the product is left out of provisioning from this step
 * on, so a provisioning run deletes what it manages; the step waits for it.
 */
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
    if (run && (run.status === 'queued' || run.status === 'running')) {
      return {
        status: 'waiting',
        summary: `Waiting for provisioning run ${runId} (${run.status})`,
        result: { runId },
      };
    }
    if (run && (run.status === 'succeeded' || run.status === 'partial')) {
      const deletes = run.summary?.byAction?.delete ?? 0;
      const failed = run.summary?.byStatus?.failed ?? 0;
      const verb = run.mode === 'plan' ? 'Planned' : 'Released';
      return {
        status: 'succeeded',
        summary: `${verb} ${deletes} resource${
          deletes === 1 ? '' : 's'
        } in provisioning run ${runId}${
          run.mode === 'plan' ? ' (plan mode: nothing was changed)' : ''
        }${
          failed
            ? `; ${failed} operation(s) failed (e.g. Glue databases that still hold tables are kept): see the run`
            : ''
        }`,
        result: {
          runId,
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
        ? `Provisioning run ${runId} failed: ${run.error ?? 'no details'}`
        : `Provisioning run ${runId} no longer exists`;
      return { status: 'failed', error, result: { previousRunId: runId } };
    }
    return {
      status: 'waiting',
      summary: `Waiting for provisioning run ${runId}`,
      result: { runId },
    };
  },
};
