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
        columns.createNameColumn({ defaultKind: 'dataproduct' }),
        specColumn('Domain', 'domain'),
        columns.createOwnerColumn(),
        columns.createSpecTypeColumn(),
        columns.createSpecLifecycleColumn(),
        columns.createMetadataDescriptionColumn(),
        columns.createTagsColumn(),
      ];
    case 'dataset':
      return [
        columns.createTitleColumn({ hidden: true }),
        columns.createNameColumn({ defaultKind: 'dataset' }),
        specColumn('Data product', 'dataProduct'),
        columns.createOwnerColumn(),
        specColumn('Access', 'access'),
        columns.createSpecLifecycleColumn(),
        columns.createMetadataDescriptionColumn(),
        columns.createTagsColumn(),
      ];
    default:
      return CatalogTable.defaultColumnsFunc(context);
  }
};
