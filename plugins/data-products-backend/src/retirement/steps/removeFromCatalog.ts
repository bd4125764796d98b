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
import { locationLabel } from '../words';
import type { RetirementStepDefinition, StepDependencies } from './types';

const capitalized = (text: string) =>
  `${text.charAt(0).toLocaleUpperCase('en-US')}${text.slice(1)}`;

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
        note: `It is read from ${locationLabel(
          originRef,
        )}, which Meshport cannot remove (e.g. one set in the portal's configuration): it stays in the catalog marked retired; delete it there to take it out`,
        ...(originRef ? { location: originRef } : {}),
      };
    } else {
      const locationRef = `${location.type}:${location.target}`;
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: locationRef,
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
          ],
        },
        { credentials },
      );
      const ours = new Set([retirement.dataProduct, ...retirement.datasets]);
      const others = items.filter(entity => {
        const ref = lower(formatEntityRef(entity));
        return !ours.has(ref) && !ref.startsWith('location:');
      });
      const where = locationLabel(locationRef);
      if (others.length) {
        outcome = {
          removal: 'retained',
          note: `${capitalized(where)} also holds ${others.length} other entit${
            others.length === 1 ? 'y' : 'ies'
          } (${others
            .slice(0, 3)
            .map(e => e.metadata.title ?? e.metadata.name)
            .join(', ')}${
            others.length > 3 ? ', …' : ''
          }), so it was not removed: the product stays in the catalog marked retired; delete it there to take it out`,
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
          note: `It and its datasets were removed from the catalog, and ${where} is no longer registered; Meshport keeps its history`,
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
