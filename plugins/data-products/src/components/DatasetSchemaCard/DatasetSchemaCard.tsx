import { Chip, Typography, makeStyles } from '@material-ui/core';
import CheckIcon from '@material-ui/icons/Check';
import { Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  SchemaColumn,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';

/** Props of {@link DatasetSchemaCard}. */
export interface DatasetSchemaCardProps {
  title?: string;
}

const useStyles = makeStyles(theme => ({
  pii: {
    backgroundColor: theme.palette.status.error,
    color: theme.palette.common.white,
    fontWeight: 'bold',
  },
  empty: {
    padding: theme.spacing(2),
  },
}));

const YesMark = ({ label }: { label: string }) => (
  <CheckIcon fontSize="small" titleAccess={label} />
);

const ClassificationChip = ({ column }: { column: SchemaColumn }) => {
  const classes = useStyles();
  if (!column.classification) {
    return null;
  }
  if (column.classification === 'pii') {
    return (
      <Chip
        size="small"
        label="PII"
        className={classes.pii}
        title="Personal data: handle under your data protection rules"
      />
    );
  }
  return <Chip size="small" variant="outlined" label={column.classification} />;
};

const columns: TableColumn<SchemaColumn>[] = [
  {
    title: 'Column',
    field: 'name',
    highlight: true,
  },
  { title: 'Type', field: 'type' },
  {
    title: 'Physical type',
    field: 'physicalType',
    render: column =>
      column.physicalType ? <code>{column.physicalType}</code> : null,
  },
  {
    title: 'Required',
    field: 'required',
    render: column =>
      column.required ? <YesMark label={`${column.name} is required`} /> : null,
  },
  {
    title: 'PK',
    field: 'primaryKey',
    render: column =>
      column.primaryKey ? (
        <YesMark label={`${column.name} is part of the primary key`} />
      ) : null,
  },
  {
    title: 'Classification',
    field: 'classification',
    render: column => <ClassificationChip column={column} />,
  },
  { title: 'Description', field: 'description' },
];

/** The columns of a Dataset (its ODCS schema), with personal data marked. */
export const DatasetSchemaCard = (props: DatasetSchemaCardProps) => {
  const { title = 'Schema' } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const schemaColumns = isDatasetEntity(entity)
    ? entity.spec.schema?.columns ?? []
    : [];
  const piiCount = schemaColumns.filter(
    column => column.classification === 'pii',
  ).length;

  return (
    <Table<SchemaColumn>
      title={title}
      subtitle={
        piiCount > 0
          ? `${piiCount} of ${schemaColumns.length} columns hold personal data`
          : undefined
      }
      columns={columns}
      // material-table mutates the rows it gets (tableData); give it copies
      data={schemaColumns.map(column => ({ ...column }))}
      options={{
        paging: false,
        search: schemaColumns.length > 10,
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={
        <div className={classes.empty}>
          <Typography variant="body2" color="textSecondary">
            No schema declared. Describe the columns under{' '}
            <code>spec.schema.columns</code> so consumers know what they get.
          </Typography>
        </div>
      }
    />
  );
};
