import { InputError, isError, NotFoundError } from '@backstage/errors';
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

/** A catalog-info.yaml on GitHub (publish:github's repoContentsUrl + the file). */
const GITHUB_FILE_URL =
  /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[\w.\/-]+\.ya?ml$/;

/**
 * `meshport:catalog:register-local`: puts a local repository's
 * catalog-info.yaml into the catalog (a `file` Location from this module's
 * catalog provider), asks the catalog to re-read it, and waits until the
 * entities show. Idempotent: registering twice changes nothing. With
 * `catalogInfoUrl` (a repository published to GitHub) it registers that URL
 * as the user who started the task instead, so a template has one "Register
 * in the catalog" step whichever way it published.
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
        repoName: z =>
          z
            .string()
            .regex(REPO_NAME_PATTERN)
            .optional()
            .describe('The local repository (meshport:publish:local)'),
        catalogInfoUrl: z =>
          z
            .string()
            .regex(/^$|^https:\/\//)
            .optional()
            .describe(
              'Or: the URL of a catalog-info.yaml on GitHub (publish:github), registered as a url Location; empty for the local repository',
            ),
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
      if (ctx.input.catalogInfoUrl) {
        await registerUrl(ctx, ctx.input.catalogInfoUrl);
        return;
      }
      const { repoName } = ctx.input;
      if (!repoName) {
        throw new InputError(
          'repoName or catalogInfoUrl: give the local repository, or the URL of a catalog-info.yaml on GitHub',
        );
      }
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

      await waitForEntities(ctx, waitFor, locationRef, credentials);
    },
  });

  async function waitForEntities(
    ctx: any,
    waitFor: string[],
    locationRef: string,
    credentials: Awaited<ReturnType<typeof auth.getOwnServiceCredentials>>,
  ) {
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
  }

  /** A catalog-info.yaml on GitHub: a url Location added as the task's user, then the wait. */
  async function registerUrl(ctx: any, url: string) {
    if (!GITHUB_FILE_URL.test(url)) {
      throw new InputError(
        `catalogInfoUrl: must be the URL of a YAML file in a GitHub repository, such as https://github.com/acme/churn/blob/main/catalog-info.yaml (got ${JSON.stringify(
          url,
        )})`,
      );
    }
    const waitFor: string[] = (ctx.input.waitFor ?? []).map((ref: string) =>
      ref.toLocaleLowerCase('en-US'),
    );
    ctx.output('catalogInfoPath', url);
    if (ctx.isDryRun) {
      ctx.logger.info(`Dry run: would register ${url}`);
      ctx.output('locationRef', `url:${url}`);
      ctx.output('entityRef', waitFor[0] ?? '');
      return;
    }
    const added = await catalog
      .addLocation(
        { type: 'url', target: url },
        { credentials: await ctx.getInitiatorCredentials() },
      )
      .catch(async (error: unknown) => {
        // registered before (a retried task): the catalog re-reads it in its loop
        if (isError(error) && error.name === 'ConflictError') {
          return undefined;
        }
        throw error;
      });
    const locationRef = added
      ? `location:default/${added.location.id}`
      : `url:${url}`;
    ctx.output('locationRef', locationRef);
    await waitForEntities(
      ctx,
      waitFor,
      locationRef,
      await auth.getOwnServiceCredentials(),
    );
  }
}
