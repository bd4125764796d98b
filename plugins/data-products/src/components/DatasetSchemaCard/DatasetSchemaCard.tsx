import { Box, Chip, Typography, makeStyles } from '@material-ui/core';
import CheckIcon from '@material-ui/icons/Check';
import { SubvalueCell, Table, TableColumn } from '@backstage/core-components';
import { TableFrame } from '../shared';
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

/** Required, primary key and classification side by side, each a small mark. */
const Constraints = ({ column }: { column: SchemaColumn }) => (
  <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={4}>
    {column.required && (
      <Chip
        size="small"
        variant="outlined"
        icon={<YesMark label={`${column.name} is required`} />}
        label="required"
      />
    )}
    {column.primaryKey && (
      <Chip
        size="small"
        variant="outlined"
        icon={<YesMark label={`${column.name} is part of the primary key`} />}
        label="key"
      />
    )}
    <ClassificationChip column={column} />
  </Box>
);

// Three columns, so the table fits a half-width card at 1024 pixels without splitting a word: the
// description under the column's name, the physical type under the logical one.
const columns: TableColumn<SchemaColumn>[] = [
  {
    title: 'Column',
    field: 'name',
    highlight: true,
    render: column => (
      <SubvalueCell value={column.name} subvalue={column.description} />
    ),
  },
  {
    title: 'Type',
    field: 'type',
    cellStyle: { whiteSpace: 'nowrap' },
    render: column => (
      <SubvalueCell
        value={column.type}
        subvalue={
          column.physicalType ? <code>{column.physicalType}</code> : undefined
        }
      />
    ),
  },
  {
    title: 'Constraints',
    field: 'classification',
    render: column => <Constraints column={column} />,
  },
  // searchable, not shown: the description is under the name
  { title: 'Description', field: 'description', hidden: true },
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
    <TableFrame>
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
    </TableFrame>
  );
};
