/**
 * Search for Meshport: DataProducts and Datasets as search documents (with
 * their columns), and a Lunr engine that finds them by column name.
 *
 * @packageDocumentation
 */
export {
  searchModuleDataProductsCollator as default,
  searchModuleDataProductsCollator,
  searchModuleDataProductsLunr,
} from './module';
export { DataProductsCollatorFactory } from './DataProductsCollatorFactory';
export {
  DATA_PRODUCTS_DOCUMENT_TYPE,
  toSearchDocument,
  buildTitleLookup,
  type DataProductsDocument,
  type TitleLookup,
} from './documents';
export {
  createDataProductsLunrEngine,
  DataProductsLunrSearchEngine,
  translateDataProductsQuery,
  queryWords,
} from './queryTranslator';
