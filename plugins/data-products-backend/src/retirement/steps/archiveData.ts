/*
 * Archive data: asks each provisioner that can archive to copy the product's
 * data to archive storage (plan mode only plans it); originals are kept.
 */
import type {
  ArchiveOperation,
  ProvisioningProblem,
} from '@meshport/plugin-data-products-node';
import { describeError } from '../../lib/errors';
import type { RetirementStepDefinition } from './types';

export const archiveData: RetirementStepDefinition = {
  name: 'archive-data',
  async run({ retirement, signal, deps }) {
    const { provisioners, provisioning, environments } = deps;
    const { product, datasets } = await deps.queries.currentEntities(
      retirement,
    );
    if (!product) {
      return {
        status: 'failed',
        error: `Neither the catalog nor the retirement's snapshot holds ${retirement.dataProduct}`,
      };
    }
    const perProvisioner: Array<{
      provisioner: string;
      archived: boolean;
      operations?: ArchiveOperation[];
      problems?: ProvisioningProblem[];
      note?: string;
    }> = [];
    const failures: string[] = [];
    for (const provisioner of provisioners) {
      if (!provisioner.archive) {
        perProvisioner.push({
          provisioner: provisioner.id,
          archived: false,
          note: `${provisioner.id} cannot archive; its data is left where it is (releasing resources never deletes data)`,
        });
        continue;
      }
      try {
        const result = await provisioner.archive({
          retirementId: retirement.id,
          dataProduct: retirement.dataProduct,
          input: {
            products: [product],
            datasets,
            grants: [],
            environments,
          },
          mode: provisioning.mode,
          signal,
        });
        perProvisioner.push({
          provisioner: provisioner.id,
          archived: true,
          operations: result.operations,
          problems: result.problems,
        });
        for (const op of result.operations.filter(o => o.status === 'failed')) {
          failures.push(`${provisioner.id}: ${op.description}: ${op.error}`);
        }
        for (const problem of result.problems.filter(
          p => p.severity === 'error',
        )) {
          failures.push(`${provisioner.id}: ${problem.message}`);
        }
      } catch (error) {
        failures.push(`${provisioner.id}: ${describeError(error)}`);
        perProvisioner.push({
          provisioner: provisioner.id,
          archived: false,
          note: describeError(error),
        });
      }
    }
    const result = { mode: provisioning.mode, provisioners: perProvisioner };
    if (failures.length) {
      return { status: 'failed', error: failures.join('; '), result };
    }
    const operations = perProvisioner.flatMap(p => p.operations ?? []);
    const planned = operations.filter(o => o.status === 'planned').length;
    const done = operations.filter(o => o.status === 'succeeded').length;
    let summary: string;
    if (provisioners.length === 0) {
      summary =
        'No provisioner is installed: there is no platform data to archive';
    } else if (provisioning.mode === 'plan') {
      summary = `Planned ${planned} archive operation${
        planned === 1 ? '' : 's'
      } (plan mode: nothing was copied)`;
    } else {
      summary = `Archived ${done} location${
        done === 1 ? '' : 's'
      } to archive storage; the originals are kept`;
    }
    return { status: 'succeeded', summary, result };
  },
};
