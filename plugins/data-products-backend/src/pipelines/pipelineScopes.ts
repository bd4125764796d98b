/*
 * Which data products a pipeline may deploy: the pure rules live in the node package, so that
 * backend modules (e.g. the push to the portal's own repositories) apply the same scopes. The
 * adapter here says a refusal with the products' titles, read from the catalog.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  describePipelineRefusal,
  pipelineRefusal,
  type PipelineScope,
} from '@meshport/plugin-data-products-node';

export {
  ALL_PRODUCTS,
  pipelineProducts,
  pipelineRefusal,
  pipelineRefusalSentence,
  readPipelineScopes,
  type PipelineScope,
} from '@meshport/plugin-data-products-node';

/**
 * Throws a 403 naming the products by title when the pipeline may not act on `productRef` (or,
 * without it, on the whole mesh); users and backend plugins pass (the permission policy judges them).
 * `drafts` name a product the catalog does not hold yet (a preview of a new one) by its title.
 */
export async function requirePipelineScope(
  scopes: PipelineScope[],
  catalog: Pick<CatalogService, 'getEntitiesByRefs'>,
  credentials: BackstageCredentials,
  productRef?: string,
  drafts: Entity[] = [],
): Promise<void> {
  const refusal = pipelineRefusal(scopes, credentials, productRef);
  if (refusal) {
    throw new NotAllowedError(
      await describePipelineRefusal(refusal, async entityRefs => {
        const { items } = await catalog.getEntitiesByRefs(
          { entityRefs },
          { credentials },
        );
        return entityRefs.map(
          (ref, i) =>
            items[i] ??
            drafts.find(
              draft =>
                stringifyEntityRef(draft).toLocaleLowerCase('en-US') === ref,
            ),
        );
      }),
    );
  }
}
