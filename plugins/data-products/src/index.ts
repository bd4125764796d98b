/**
 * Entity page cards for the Meshport DataProduct and Dataset kinds (legacy
 * frontend system). For the new frontend system import
 * `@meshport/plugin-data-products/alpha`.
 *
 * @packageDocumentation
 */
export { dataProductsPlugin } from './plugin';
export {
  EntityDataProductOverviewCard,
  EntityDatasetOverviewCard,
  EntityDatasetSchemaCard,
  EntityDatasetSloCard,
  EntityProvisioningContent,
} from './extensions';
export {
  EntitySloContent,
  EntityDataProductSloSummaryCard,
} from './extensions';
export {
  AccessRequestsPage,
  EntityDataProductAccessContent,
  EntityDatasetAccessContent,
} from './extensions';
export {
  accessRequestsRouteRef,
  cliLoginRouteRef,
  dataHomeRouteRef,
} from './routes';
export { CliLoginPage } from './cliLogin';
export type { CliLoginPageProps } from './components/CliLoginPage';
export { DataHomePage } from './extensions';
export type { DataHomePageProps } from './components/DataHome';
export {
  DataProductsSearchResultListItem,
  type DataProductsSearchDocument,
  type DataProductsSearchResultListItemProps,
} from './components/SearchResult';
export {
  DataProductEntityTitleFieldExtension,
  DataProductEnvironmentsFieldExtension,
  DataProductNameFieldExtension,
  DataProductOwnerFieldExtension,
  DataProductPickerFieldExtension,
  DataProductSchemaFieldExtension,
  DataProductSchemaSummaryFieldExtension,
} from './scaffolder';
export type { DataProductNameFieldOptions } from './components/scaffolder';
export { AccessRequestStatusChip } from './components/AccessTab';
export type {
  EntityDataProductAccessContentProps,
  EntityDatasetAccessContentProps,
} from './components/AccessTab';
export type { AccessRequestsPageProps } from './components/AccessRequestsPage';
export type { DataProductSloSummaryCardProps } from './components/DataProductSloSummaryCard';
export type { DataProductOverviewCardProps } from './components/DataProductOverviewCard';
export type { DatasetOverviewCardProps } from './components/DatasetOverviewCard';
export type { DatasetSchemaCardProps } from './components/DatasetSchemaCard';
export type { DatasetSloCardProps } from './components/DatasetSloCard';
export type { EntityProvisioningContentProps } from './components/ProvisioningTab';
export { EntityRetirementBanner, EntityRetirementContent } from './extensions';
export { EntityLineageContent } from './extensions';
export type { EntityLineageContentProps } from './components/LineageTab';
export {
  EntityContractContent,
  EntityDataProductContractCard,
} from './extensions';
export {
  isRetiringOrRetired,
  type EntityRetirementContentProps,
} from './components/RetirementTab';
// Re-exported so that an app can use them in an EntitySwitch without
// depending on the common package itself.
export {
  isDataProductEntity,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';
export {
  DATA_PRODUCT_GRAPH_RELATIONS,
  DATA_PRODUCT_RELATION_PAIRS,
  DATA_PRODUCT_RELATIONS,
} from './graph';
/**
 * The data-flow graph card of DataProduct and Dataset pages (the catalog graph with the Meshport
 * relations, left to right, depth 2).
 *
 * @public
 */
export { DataFlowGraphCard as EntityDataFlowGraphCard } from './components/DataFlowGraphCard';
