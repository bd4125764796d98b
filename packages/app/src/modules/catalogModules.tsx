/*
 * What the portal's legacy composition gave the catalog and the new frontend system's defaults do
 * not: the catalog table's columns per kind (a DataProduct's domain and type, a Dataset's product
 * and access; components/catalog/catalogTableColumns.tsx) and the catalog graph's knowledge of the
 * Meshport relations (so the graph page filters on them and draws each pair as one arrow).
 */
import { ReactNode } from 'react';
import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { CatalogTable } from '@backstage/plugin-catalog';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import {
  CatalogFilterLayout,
  EntityListProvider,
} from '@backstage/plugin-catalog-react';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import { Container, Header } from '@backstage/ui';
import {
  DATA_PRODUCT_RELATION_PAIRS,
  DATA_PRODUCT_RELATIONS,
} from '@meshport/plugin-data-products';
import { catalogTableColumns } from '../components/catalog/catalogTableColumns';

/** The catalog index with the portal's columns; filters come from the page's inputs. */
const CatalogIndex = (props: { filters: ReactNode; pagination: boolean }) => {
  const orgName =
    useApi(configApiRef).getOptionalString('organization.name') ?? 'Backstage';
  return (
    <EntityListProvider pagination={props.pagination}>
      <Header title={`${orgName} Catalog`} />
      <Container>
        <CatalogFilterLayout>
          <CatalogFilterLayout.Filters>
            {props.filters}
          </CatalogFilterLayout.Filters>
          <CatalogFilterLayout.Content>
            <CatalogTable columns={catalogTableColumns} />
          </CatalogFilterLayout.Content>
        </CatalogFilterLayout>
      </Container>
    </EntityListProvider>
  );
};

const catalogIndexPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory, { inputs, config }) {
    const filters = inputs.filters.map(filter =>
      filter.get(coreExtensionData.reactElement),
    );
    return originalFactory({
      params: {
        loader: async () => (
          <CatalogIndex
            filters={<>{filters}</>}
            pagination={config.pagination !== false}
          />
        ),
      },
    });
  },
});

/** The catalog page with the portal's table columns. */
export const catalogColumnsModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogIndexPage],
});

const catalogGraphApi = catalogGraphPlugin
  .getExtension('api:catalog-graph')
  .override({
    params: defineParams =>
      defineParams({
        api: catalogGraphApiRef,
        deps: {},
        factory: () =>
          new DefaultCatalogGraphApi({
            knownRelations: [...ALL_RELATIONS, ...DATA_PRODUCT_RELATIONS],
            knownRelationPairs: [
              ...ALL_RELATION_PAIRS,
              ...DATA_PRODUCT_RELATION_PAIRS,
            ],
            defaultRelationTypes: { exclude: [] },
          }),
      }),
  });

/** The catalog graph knows the Meshport relations (and their pairs). */
export const catalogGraphRelationsModule = createFrontendModule({
  pluginId: 'catalog-graph',
  extensions: [catalogGraphApi],
});
