/**
 * Search for Meshport: DataProducts and Datasets as search documents (with
 * their columns), and engines that find them by column name: Lunr on the
 * embedded default, PostgreSQL search when the portal's database is PostgreSQL.
 *
 * @packageDocumentation
 */
export {
  searchModuleDataProductsCollator as default,
  searchModuleDataProductsCollator,
  searchModuleDataProductsLunr,
  searchModuleDataProductsEngine,
} from './module';
export {
  COLUMN_TOKENS_FIELD,
  columnTokensOf,
  dataProductsPgTerm,
  DataProductsPgSearchEngine,
  translateDataProductsPgQuery,
} from './pgEngine';
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
