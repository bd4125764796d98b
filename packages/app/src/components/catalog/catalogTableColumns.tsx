import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import { TableColumn } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';

const specColumn = (
  title: string,
  field: string,
): TableColumn<CatalogTableRow> => ({ title, field: `entity.spec.${field}` });

/** A spec field holding a ref, shown by the entity's name ("sales", not "domain:default/sales"). */
const refColumn = (
  title: string,
  field: string,
  defaultKind: string,
): TableColumn<CatalogTableRow> => ({
  title,
  field: `entity.spec.${field}`,
  render: ({ entity }) => {
    const ref = entity.spec?.[field];
    if (typeof ref !== 'string' || !ref) return '';
    try {
      return parseEntityRef(ref, { defaultKind }).name;
    } catch {
      return ref;
    }
  },
});

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
  // the filters leave the table about 550 pixels at 1024 and 950 at 1440: tags (a filter on the
  // left) show from 1600 pixels, lifecycle (a filter too) and the description from 1280, so every
  // column shows whole with its actions
  const width = typeof window !== 'undefined' ? window.innerWidth : 1920;
  const from =
    (minWidth: number) =>
    (column: TableColumn<CatalogTableRow>): TableColumn<CatalogTableRow> =>
      width < minWidth ? { ...column, hidden: true } : column;
  const wide = from(1280);
  const wider = from(1600);
  switch (kind) {
    case 'dataproduct':
      return [
        columns.createTitleColumn({ hidden: true }),
        keepWords(columns.createNameColumn({ defaultKind: 'dataproduct' })),
        keepWords(refColumn('Domain', 'domain', 'domain'), true),
        keepWords(columns.createOwnerColumn()),
        keepWords(columns.createSpecTypeColumn()),
        wide(keepWords(columns.createSpecLifecycleColumn(), true)),
        wide(columns.createMetadataDescriptionColumn()),
        wider(columns.createTagsColumn()),
      ];
    case 'dataset':
      return [
        columns.createTitleColumn({ hidden: true }),
        keepWords(columns.createNameColumn({ defaultKind: 'dataset' })),
        keepWords(refColumn('Data product', 'dataProduct', 'dataproduct')),
        keepWords(columns.createOwnerColumn()),
        keepWords(specColumn('Access', 'access'), true),
        wide(keepWords(columns.createSpecLifecycleColumn(), true)),
        wide(columns.createMetadataDescriptionColumn()),
        wider(columns.createTagsColumn()),
      ];
    default:
      return CatalogTable.defaultColumnsFunc(context);
  }
};
