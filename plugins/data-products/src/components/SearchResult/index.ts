export { DataProductsSearchResultListItem } from './DataProductsSearchResultListItem';
export type {
  DataProductsSearchDocument,
  DataProductsSearchResultListItemProps,
} from './DataProductsSearchResultListItem';
export { findMatchedColumn } from './matchedColumn';
