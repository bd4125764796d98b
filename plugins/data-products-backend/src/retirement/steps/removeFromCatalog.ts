/*
 * Remove from catalog: removes the product's location and entities when the
 * location holds nothing else; otherwise the product stays, marked retired.
 */
import { ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  formatEntityRef,
  RetirementCatalogOutcome,
} from '@meshport/plugin-data-products-common';
import type { StoredRetirement } from '../RetirementStore';
import { lower } from '../shared';
import type { RetirementStepDefinition, StepDependencies } from './types';

export const removeFromCatalog: RetirementStepDefinition = {
  name: 'remove-from-catalog',
  async run({ retirement, deps }) {
    const { catalog, auth } = deps;
    const credentials = await auth.getOwnServiceCredentials();
    const product = await catalog.getEntityByRef(retirement.dataProduct, {
      credentials,
    });
    if (!product) {
      const outcome: RetirementCatalogOutcome = retirement.catalog ?? {
        removal: 'removed',
        note: 'The data product is no longer in the catalog',
      };
      await saveCatalogOutcome(deps, retirement, outcome);
      return {
        status: 'succeeded',
        summary: outcome.note,
        result: { ...outcome },
      };
    }
    const originRef =
      product.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
    let location: Awaited<ReturnType<CatalogService['getLocationByEntity']>>;
    try {
      location = await catalog.getLocationByEntity(retirement.dataProduct, {
        credentials,
      });
    } catch (error) {
      if ((error as Error)?.name !== NotFoundError.name) throw error;
      location = undefined;
    }
    let outcome: RetirementCatalogOutcome;
    if (!location) {
      outcome = {
        removal: 'retained',
        note: `It comes from a location Meshport cannot remove (${
          originRef ?? 'unknown'
        }, e.g. one set in app-config): it stays in the catalog marked retired; delete it from that location to take it out`,
        ...(originRef ? { location: originRef } : {}),
      };
    } else {
      const locationRef = `${location.type}:${location.target}`;
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: locationRef,
          },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      );
      const ours = new Set([retirement.dataProduct, ...retirement.datasets]);
      const others = items
        .map(entity => lower(formatEntityRef(entity)))
        .filter(ref => !ours.has(ref) && !ref.startsWith('location:'));
      if (others.length) {
        outcome = {
          removal: 'retained',
          note: `Its location ${locationRef} also holds ${
            others.length
          } other entit${others.length === 1 ? 'y' : 'ies'} (${others
            .slice(0, 3)
            .join(', ')}${
            others.length > 3 ? ', ...' : ''
          }), so it was not removed: the product stays in the catalog marked retired; delete it from that location to take it out`,
          location: locationRef,
        };
      } else {
        await catalog.removeLocationById(location.id, { credentials });
        // The location's entities become orphans; take them out now.
        for (const ref of ours) {
          const entity = await catalog.getEntityByRef(ref, { credentials });
          if (entity?.metadata.uid) {
            await catalog.removeEntityByUid(entity.metadata.uid, {
              credentials,
            });
          }
        }
        outcome = {
          removal: 'removed',
          note: `Its location ${locationRef} and its entities were removed from the catalog; Meshport keeps its history`,
          location: locationRef,
        };
      }
    }
    await saveCatalogOutcome(deps, retirement, outcome);
    return {
      status: 'succeeded',
      summary: outcome.note,
      result: { ...outcome },
    };
  },
};

async function saveCatalogOutcome(
  deps: StepDependencies,
  retirement: StoredRetirement,
  catalog: RetirementCatalogOutcome,
) {
  await deps.store.updateRetirement(retirement.id, {
    catalog,
    updatedAt: deps.now(),
  });
}
