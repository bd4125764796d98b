import { isError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  isDataProductEntity,
  isDatasetEntity,
  formatEntityRef,
} from '@meshport/plugin-data-products-common';
import path from 'node:path';
import { localGitLocationName } from '../catalog/LocalGitLocationsProvider';
import { parseCatalogInfo } from '../lib/entities';
import { REPO_NAME_PATTERN } from '../lib/git';
import { pollUntil } from '../lib/poll';
import { examples } from './registerLocal.examples';
import {
  DataProductsActionsOptions,
  DEFAULT_CATALOG_INFO,
  LOCAL_GIT_UPDATED_TOPIC,
} from './shared';
import { promises as fs } from 'node:fs';

/**
 * `meshport:catalog:register-local`: puts a local repository's
 * catalog-info.yaml into the catalog (a `file` Location from this module's
 * catalog provider), asks the catalog to re-read it, and waits until the
 * entities show. Idempotent: registering twice changes nothing.
 */
export function createRegisterLocalAction(
  options: Pick<
    DataProductsActionsOptions,
    | 'repositories'
    | 'catalog'
    | 'auth'
    | 'events'
    | 'waitTimeoutMs'
    | 'pollIntervalMs'
  >,
) {
  const { repositories, catalog, auth, events } = options;
  return createTemplateAction({
    id: 'meshport:catalog:register-local',
    description:
      'Registers the catalog-info.yaml of a repository published with meshport:publish:local in the catalog (or refreshes it) and waits until its entities show',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z => z.string().regex(REPO_NAME_PATTERN),
        waitFor: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "Entity refs to wait for; default every DataProduct and Dataset of the repository's catalog-info.yaml",
            ),
      },
      output: {
        entityRef: z =>
          z.string().describe('The first entity waited for (the product)'),
        locationRef: z => z.string(),
        catalogInfoPath: z => z.string(),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      const locationRef = `location:default/${localGitLocationName(repoName)}`;
      const catalogInfoPath = path.join(
        repositories.checkoutPath(repoName),
        DEFAULT_CATALOG_INFO,
      );
      ctx.output('locationRef', locationRef);
      ctx.output('catalogInfoPath', catalogInfoPath);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register ${catalogInfoPath} as ${locationRef}`,
        );
        ctx.output('entityRef', ctx.input.waitFor?.[0] ?? '');
        return;
      }

      let content: string;
      try {
        content = await fs.readFile(catalogInfoPath, 'utf8');
      } catch {
        throw new NotFoundError(
          `${repoName} has no ${DEFAULT_CATALOG_INFO} in the portal's checkout (${catalogInfoPath}); publish it with meshport:publish:local first`,
        );
      }
      const waitFor = (
        ctx.input.waitFor ??
        parseCatalogInfo(content, DEFAULT_CATALOG_INFO)
          .entities.filter(e => isDataProductEntity(e) || isDatasetEntity(e))
          .map(formatEntityRef)
      ).map(ref => ref.toLocaleLowerCase('en-US'));

      const credentials = await auth.getOwnServiceCredentials();
      // The catalog module's provider adds the Location of a new checkout...
      await events.publish({
        topic: LOCAL_GIT_UPDATED_TOPIC,
        eventPayload: { repoName },
      });
      // ...and an existing one is re-read now rather than at the next processing loop.
      try {
        await catalog.refreshEntity(locationRef, { credentials });
      } catch (error) {
        if (!isError(error) || error.name !== 'NotFoundError') {
          throw error;
        }
      }

      const started = Date.now();
      const found = await pollUntil(
        async () => {
          if (waitFor.length === 0) {
            return true;
          }
          const { items } = await catalog.getEntitiesByRefs(
            { entityRefs: waitFor, fields: ['kind', 'metadata.name'] },
            { credentials },
          );
          return items.every(Boolean) ? true : undefined;
        },
        {
          timeoutMs: options.waitTimeoutMs,
          intervalMs: options.pollIntervalMs,
          signal: ctx.signal,
        },
      );
      if (!found) {
        throw new Error(
          `Registered ${locationRef}, but ${waitFor.join(
            ', ',
          )} did not show in the catalog within ${Math.round(
            options.waitTimeoutMs / 1000,
          )}s; look at the processing errors of ${locationRef} in the catalog, then retry the task`,
        );
      }
      ctx.logger.info(
        `${waitFor.join(', ') || locationRef} in the catalog after ${(
          (Date.now() - started) /
          1000
        ).toFixed(1)}s`,
      );
      ctx.output('entityRef', waitFor[0] ?? locationRef);
    },
  });
}
