import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { ProvisioningRun } from '@meshport/plugin-data-products-common';
import { checkDraftEntities } from '../lib/entities';
import { summarizePlan } from '../lib/planSummary';
import { pollUntil } from '../lib/poll';
import { examples } from './bootstrapRoles.examples';
import { OwnershipOptions, requireManageProduct } from './ownership';
import {
  DataProductsActionsOptions,
  DEFAULT_CATALOG_INFO,
  readWorkspaceCatalogInfo,
} from './shared';

const FINISHED = ['succeeded', 'failed', 'partial'];

/**
 * `meshport:roles:bootstrap`: the product's roles in every environment,
 * through the data-products backend's provisioner. Shows the plan of the
 * workspace's entities (a preview merged into the current mesh); outside a
 * dry run it then queues a provisioning run scoped to the product (once per
 * task: a retried task reuses the run) and waits for it. A product already in
 * the catalog is only reconciled for a user who may manage it.
 */
export function createBootstrapRolesAction(
  options: OwnershipOptions &
    Pick<
      DataProductsActionsOptions,
      'provisioning' | 'environments' | 'waitTimeoutMs' | 'pollIntervalMs'
    >,
) {
  const { provisioning, environments } = options;
  return createTemplateAction({
    id: 'meshport:roles:bootstrap',
    description:
      "Plans a data product's roles per environment through the Meshport provisioner and reconciles them (plan mode records the plan; apply mode creates them). A dry run shows the plan only.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace file with the product's DataProduct and Datasets; default ${DEFAULT_CATALOG_INFO}`,
            ),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe('Wait for the provisioning run to finish; default true'),
      },
      output: {
        entityRef: z => z.string(),
        mode: z => z.enum(['plan', 'apply']),
        roles: z =>
          z.array(
            z.object({
              provisioner: z.string(),
              environment: z.string(),
              name: z.string(),
              arn: z.string().optional(),
            }),
          ),
        operations: z =>
          z.array(z.string()).describe('Pending operations, one line each'),
        runId: z => z.string().optional(),
        runStatus: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const fileName = ctx.input.catalogInfoPath ?? DEFAULT_CATALOG_INFO;
      const entities = await readWorkspaceCatalogInfo(
        ctx.workspacePath,
        fileName,
      );
      const { summary, problems } = checkDraftEntities(entities, {
        fileName,
        environments,
      });
      if (problems.length > 0 || summary.products.length !== 1) {
        throw new InputError(
          problems.length > 0
            ? `The entities are invalid:\n${problems.join('\n')}`
            : `${fileName}: must declare the DataProduct whose roles to bootstrap`,
        );
      }
      const entityRef = summary.dataProduct!;
      // A product already in the catalog is reconciled for its owners (and admins) only; a new
      // one's owner was checked when its spec was written (meshport:entities:write).
      const existing = await options.catalog.getEntityByRef(entityRef, {
        credentials: await options.auth.getOwnServiceCredentials(),
      });
      if (existing) {
        await requireManageProduct(options, ctx, entityRef);
      }

      const plan = await provisioning.preview([
        ...summary.products,
        ...summary.datasets,
      ]);
      const { roles, operations, problems: planProblems } = summarizePlan(plan);
      ctx.logger.info(
        `Roles of ${entityRef} (${plan.mode} mode):\n${
          roles
            .map(
              r => `  ${r.environment}: ${r.name}${r.arn ? ` (${r.arn})` : ''}`,
            )
            .join('\n') || '  none'
        }`,
      );
      if (operations.length > 0) {
        ctx.logger.info(`Pending operations:\n  ${operations.join('\n  ')}`);
      }
      for (const problem of planProblems) {
        ctx.logger.warn(problem);
      }
      ctx.output('entityRef', entityRef);
      ctx.output('mode', plan.mode);
      ctx.output('roles', roles);
      ctx.output('operations', operations);
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: no provisioning run was queued');
        return;
      }

      // Once per task: a retry finds the run it queued before.
      const queued = await ctx.checkpoint({
        key: `meshport.roles.bootstrap.run.${entityRef}`,
        fn: async () => {
          const run = await provisioning.triggerRun(entityRef);
          return { runId: run.id };
        },
      });
      ctx.output('runId', queued.runId);
      ctx.logger.info(
        `Provisioning run ${queued.runId} queued for ${entityRef}`,
      );
      if (ctx.input.wait === false) {
        ctx.output('runStatus', 'queued');
        return;
      }

      let last: ProvisioningRun | undefined;
      const finished = await pollUntil(
        async () => {
          last = await provisioning.getRun(queued.runId);
          return FINISHED.includes(last.status) ? last : undefined;
        },
        {
          timeoutMs: options.waitTimeoutMs,
          intervalMs: options.pollIntervalMs,
          signal: ctx.signal,
        },
      );
      if (!finished) {
        ctx.logger.warn(
          `Run ${queued.runId} is still ${
            last?.status ?? 'queued'
          }; it goes on without this task`,
        );
        ctx.output('runStatus', last?.status ?? 'queued');
        return;
      }
      ctx.output('runStatus', finished.status);
      if (finished.status === 'failed') {
        throw new Error(
          `Provisioning run ${finished.id} failed: ${
            finished.error ?? 'see its operations in the Provisioning tab'
          }`,
        );
      }
      const counted = finished.summary?.byStatus ?? {};
      ctx.logger.info(
        `Run ${finished.id} ${finished.status}: ${
          Object.entries(counted)
            .map(([status, n]) => `${n} ${status}`)
            .join(', ') || 'no changes'
        }`,
      );
    },
  });
}
