import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import { TableColumn } from '@backstage/core-components';

const specColumn = (
  title: string,
  field: string,
): TableColumn<CatalogTableRow> => ({ title, field: `entity.spec.${field}` });

/**
 * A column whose cells break between words only (Backstage's theme lets a
 * table cell split a word anywhere: "Custome r 360"); a value without spaces
 * (a type, a lifecycle) stays on one line.
 */
const keepWords = (
  column: TableColumn<CatalogTableRow>,
  oneLine = false,
): TableColumn<CatalogTableRow> => ({
  ...column,
  headerStyle: { ...column.headerStyle, whiteSpace: 'nowrap' },
  cellStyle: {
    ...(column.cellStyle as object),
    wordBreak: 'normal',
    overflowWrap: 'normal',
    ...(oneLine ? { whiteSpace: 'nowrap' } : {}),
  },
});

/**
 * The catalog table's columns: for DataProduct and Dataset the fields a data
 * consumer scans for (domain, type, producing product, access), for every
 * other kind Backstage's defaults.
 */
export const catalogTableColumns: CatalogTableColumnsFunc = context => {
  const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
  const { columns } = CatalogTable;
  switch (kind) {
    case 'dataproduct':
      return [
        columns.createTitleColumn({ hidden: true }),
        keepWords(columns.createNameColumn({ defaultKind: 'dataproduct' })),
        keepWords(specColumn('Domain', 'domain')),
        keepWords(columns.createOwnerColumn()),
        keepWords(columns.createSpecTypeColumn(), true),
        keepWords(columns.createSpecLifecycleColumn(), true),
        columns.createMetadataDescriptionColumn(),
        columns.createTagsColumn(),
      ];
    case 'dataset':
      return [
        columns.createTitleColumn({ hidden: true }),
        keepWords(columns.createNameColumn({ defaultKind: 'dataset' })),
        keepWords(specColumn('Data product', 'dataProduct')),
        keepWords(columns.createOwnerColumn()),
        keepWords(specColumn('Access', 'access'), true),
        keepWords(columns.createSpecLifecycleColumn(), true),
        columns.createMetadataDescriptionColumn(),
        columns.createTagsColumn(),
      ];
    default:
      return CatalogTable.defaultColumnsFunc(context);
  }
};
