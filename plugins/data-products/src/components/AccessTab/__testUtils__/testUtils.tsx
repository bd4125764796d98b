import { ReactElement } from 'react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  accessRequestsApiRef,
  lineageApiRef,
} from '@meshport/plugin-data-products-react';
import type { ConsumptionResponse } from '@meshport/plugin-data-products-common';
import { SWRConfig } from 'swr';
import { GUEST, mockAccessApi } from './testData';

export interface RenderAccessViewOptions {
  api: ReturnType<typeof mockAccessApi>;
  user?: string;
  ownership?: string[];
  /** Permission names the framework allows; everything else is denied. */
  allowed?: string[];
  /** What the catalog answers to the "products I own" query. */
  products?: Entity[];
  /** What the catalog answers by ref (e.g. a dataset an in-place request opens). */
  entities?: Entity[];
  routeEntries?: string[];
  /** What the server's consumption model answers (default: nobody). */
  consumption?: Omit<ConsumptionResponse, 'entityRef'>;
  /** The names the portal's entity presentation gives, by ref (people's display names). */
  names?: Record<string, string>;
}

/** The portal's entity presentation as far as a test needs it: a name per ref. */
function presentationOf(names: Record<string, string>) {
  return {
    forEntity: (ref: unknown) => {
      const entityRef = String(ref);
      const snapshot = {
        entityRef,
        primaryTitle: names[entityRef] ?? entityRef,
      };
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}

/**
 * Renders an access view with mocked APIs. Each render gets a fresh cache
 * for `usePermission` (SWR), so one test's answer never leaks into the next.
 */
export async function renderAccessView(
  element: ReactElement,
  options: RenderAccessViewOptions,
) {
  const {
    api,
    user = GUEST,
    ownership = [user, 'group:default/team-sales'],
    allowed = [],
    products = [],
    entities = [],
    routeEntries,
    consumption = { consumers: [], inputs: [] },
    names,
  } = options;
  const lineageApi = {
    getConsumption: jest.fn(async (entityRef: string) => ({
      entityRef,
      ...consumption,
    })),
  };
  const catalogApi = {
    getEntities: jest.fn(async () => ({ items: products })),
    getEntityByRef: jest.fn(async (ref: string) =>
      entities.find(
        e =>
          stringifyEntityRef(e).toLocaleLowerCase('en-US') ===
          ref.toLocaleLowerCase('en-US'),
      ),
    ),
  };
  const permissionApi = mockApis.permission({
    authorize: request =>
      allowed.includes(request.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
  await renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [accessRequestsApiRef, api],
          [lineageApiRef, lineageApi],
          [catalogApiRef, catalogApi],
          [permissionApiRef, permissionApi],
          ...(names
            ? [[entityPresentationApiRef, presentationOf(names)] as const]
            : []),
          [
            identityApiRef,
            mockApis.identity({
              userEntityRef: user,
              ownershipEntityRefs: ownership,
            }),
          ],
        ]}
      >
        {element}
      </TestApiProvider>
    </SWRConfig>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries,
    },
  );
  return { catalogApi, lineageApi };
}
