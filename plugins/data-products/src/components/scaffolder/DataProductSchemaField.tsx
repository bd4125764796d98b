import { useEffect, useRef, useState } from 'react';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  CLASSIFICATIONS,
  COLUMN_TYPES,
  type ColumnDraft,
  describeColumnProblems,
} from '@meshport/plugin-data-products-common';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns:
      'minmax(10rem, 2fr) minmax(8rem, 1fr) minmax(12rem, 3fr) minmax(9rem, 1fr) auto auto auto',
    gap: theme.spacing(1),
    alignItems: 'start',
    marginBottom: theme.spacing(1),
    // below 1280 pixels a column takes two lines, so nothing stands outside the form
    [theme.breakpoints.down('md')]: {
      gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 0.8fr) minmax(0, 1.2fr) auto',
      gridTemplateAreas: `"name type classification remove" "description description required key"`,
      '& > :nth-child(1)': { gridArea: 'name' },
      '& > :nth-child(2)': { gridArea: 'type' },
      '& > :nth-child(3)': { gridArea: 'description' },
      '& > :nth-child(4)': { gridArea: 'classification' },
      '& > :nth-child(5)': { gridArea: 'required' },
      '& > :nth-child(6)': { gridArea: 'key' },
      '& > :nth-child(7)': { gridArea: 'remove', justifySelf: 'end' },
    },
  },
  check: { marginTop: theme.spacing(1), whiteSpace: 'nowrap' },
  problems: { gridColumn: '1 / -1', marginTop: 0 },
}));

const TYPE_LABELS: Record<(typeof COLUMN_TYPES)[number], string> = {
  string: 'Text',
  date: 'Date',
  timestamp: 'Timestamp',
  time: 'Time of day',
  number: 'Number',
  integer: 'Integer',
  object: 'Object',
  array: 'Array',
  boolean: 'True/false',
};

const CLASSIFICATION_LABELS: Record<(typeof CLASSIFICATIONS)[number], string> =
  {
    public: 'Public',
    internal: 'Internal',
    confidential: 'Confidential',
    restricted: 'Restricted',
    pii: 'Personal data (PII)',
  };

const emptyColumn = (): ColumnDraft => ({ name: '', type: 'string' });

/**
 * The form's value as rows to edit: the form may start the field as undefined, [] or, because of
 * the schema's `minItems`, as `[{}]`; each row gets a name and a type. Pure.
 */
export function toRows(formData: unknown): ColumnDraft[] {
  if (!Array.isArray(formData) || formData.length === 0) {
    return [emptyColumn()];
  }
  return formData.map(column => ({
    ...(column && typeof column === 'object' ? column : {}),
    name: typeof column?.name === 'string' ? column.name : '',
    type: typeof column?.type === 'string' ? column.type : 'string',
  }));
}

/**
 * The schema step: the columns of a new Dataset (name, type, description, classification,
 * required, primary key), at least one. Problems show under the column they concern, in the
 * sentences the server would answer with (the same rules, `describeColumnProblems`).
 */
export const DataProductSchemaField = (
  props: FieldExtensionComponentProps<ColumnDraft[]>,
) => {
  const { onChange, formData, schema, rawErrors, disabled, idSchema } = props;
  const classes = useStyles();
  // Problems show once a column's name was left, or once the form was submitted.
  const [touched, setTouched] = useState<Set<number>>(new Set());
  const submitted = (rawErrors?.length ?? 0) > 0;

  const rows = toRows(formData);
  // An empty form starts with one empty column to fill in, every row with a type.
  const initialized = useRef(false);
  useEffect(() => {
    if (initialized.current) {
      return;
    }
    initialized.current = true;
    if (JSON.stringify(rows) !== JSON.stringify(formData)) {
      onChange(rows);
    }
  }, [rows, formData, onChange]);

  const problems = describeColumnProblems(rows);
  const problemsOf = (index: number) =>
    submitted || touched.has(index)
      ? problems.filter(p => p.index === index)
      : [];
  const update = (index: number, change: Partial<ColumnDraft>) => {
    const next = rows.map((column, i) => {
      if (i !== index) {
        return column;
      }
      const merged: ColumnDraft = { ...column, ...change };
      // a primary key is always required
      if (change.primaryKey) {
        merged.required = true;
      }
      if (merged.classification === undefined) {
        delete merged.classification;
      }
      return merged;
    });
    onChange(next);
  };
  const remove = (index: number) => {
    onChange(rows.filter((_, i) => i !== index));
    setTouched(new Set());
  };
  const id = idSchema?.$id ?? 'columns';

  return (
    <FormControl
      component="fieldset"
      margin="normal"
      fullWidth
      error={submitted}
    >
      <FormLabel component="legend">{schema.title ?? 'Columns'}</FormLabel>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      {rows.map((column, index) => {
        const mine = problemsOf(index);
        const of = (field: keyof ColumnDraft) =>
          mine.filter(p => p.field === field);
        const label = `column ${index + 1}`;
        const nameProblems = mine.filter(
          p => p.field === 'name' || p.field === undefined,
        );
        return (
          <div
            key={index}
            className={classes.row}
            role="group"
            aria-label={`Column ${index + 1}`}
          >
            <TextField
              id={`${id}-${index}-name`}
              label="Column name"
              value={column.name}
              required
              disabled={disabled}
              variant="outlined"
              margin="dense"
              error={nameProblems.length > 0}
              inputProps={{ 'aria-label': `Name of ${label}` }}
              onChange={event => update(index, { name: event.target.value })}
              onBlur={() => setTouched(new Set(touched).add(index))}
            />
            <TextField
              id={`${id}-${index}-type`}
              select
              label="Type"
              value={column.type}
              required
              disabled={disabled}
              variant="outlined"
              margin="dense"
              error={of('type').length > 0}
              SelectProps={{
                SelectDisplayProps: {
                  'aria-label': `Type of ${label}`,
                  'aria-labelledby': undefined,
                } as any,
              }}
              onChange={event =>
                update(index, {
                  type: event.target.value as ColumnDraft['type'],
                })
              }
            >
              {COLUMN_TYPES.map(type => (
                <MenuItem key={type} value={type}>
                  {TYPE_LABELS[type]}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              id={`${id}-${index}-description`}
              label="Description"
              value={column.description ?? ''}
              disabled={disabled}
              variant="outlined"
              margin="dense"
              error={of('description').length > 0}
              inputProps={{ 'aria-label': `Description of ${label}` }}
              onChange={event =>
                update(index, { description: event.target.value })
              }
            />
            <TextField
              id={`${id}-${index}-classification`}
              select
              label="Classification"
              value={column.classification ?? ''}
              disabled={disabled}
              variant="outlined"
              margin="dense"
              SelectProps={{
                SelectDisplayProps: {
                  'aria-label': `Classification of ${label}`,
                  'aria-labelledby': undefined,
                } as any,
              }}
              onChange={event =>
                update(index, {
                  classification: (event.target.value || undefined) as
                    | ColumnDraft['classification']
                    | undefined,
                })
              }
            >
              <MenuItem value="">Not classified</MenuItem>
              {CLASSIFICATIONS.map(classification => (
                <MenuItem key={classification} value={classification}>
                  {CLASSIFICATION_LABELS[classification]}
                </MenuItem>
              ))}
            </TextField>
            <FormControlLabel
              className={classes.check}
              label="Required"
              control={
                <Checkbox
                  checked={Boolean(column.required || column.primaryKey)}
                  disabled={disabled || Boolean(column.primaryKey)}
                  inputProps={{ 'aria-label': `${label} is required` }}
                  onChange={event =>
                    update(index, { required: event.target.checked })
                  }
                />
              }
            />
            <FormControlLabel
              className={classes.check}
              label="Primary key"
              control={
                <Checkbox
                  checked={Boolean(column.primaryKey)}
                  disabled={disabled}
                  inputProps={{ 'aria-label': `${label} is a primary key` }}
                  onChange={event =>
                    update(index, { primaryKey: event.target.checked })
                  }
                />
              }
            />
            <Tooltip
              title={
                rows.length === 1
                  ? 'A dataset has at least one column'
                  : `Remove ${label}`
              }
            >
              <span>
                <IconButton
                  aria-label={`Remove ${label}`}
                  disabled={disabled || rows.length === 1}
                  onClick={() => remove(index)}
                >
                  <DeleteIcon />
                </IconButton>
              </span>
            </Tooltip>
            {mine.length > 0 && (
              <FormHelperText error className={classes.problems}>
                {mine.map(p => p.message).join(' ')}
              </FormHelperText>
            )}
          </div>
        );
      })}
      <div>
        <Button
          startIcon={<AddIcon />}
          disabled={disabled}
          onClick={() => onChange([...rows, emptyColumn()])}
        >
          Add a column
        </Button>
      </div>
      {submitted &&
        problems
          .filter(p => p.index === undefined)
          .map(p => (
            <FormHelperText key={p.message} error>
              {p.message}
            </FormHelperText>
          ))}
    </FormControl>
  );
};

/** The same rules as the server's: at least one column, names and types as `meshport validate`. */
export const dataProductSchemaValidation: CustomFieldValidator<
  ColumnDraft[]
> = (value, validation) => {
  for (const problem of describeColumnProblems(value)) {
    validation.addError(problem.message);
  }
};

/** The columns in one line for the review page: `id (text, primary key); email (text, Personal data (PII))`. Pure. */
export function summarizeColumns(columns: unknown): string {
  return toRows(columns)
    .filter(column => column.name)
    .map(column => {
      const facts = [
        (TYPE_LABELS[column.type] ?? column.type).toLocaleLowerCase('en-US'),
        column.primaryKey && 'primary key',
        !column.primaryKey && column.required && 'required',
        column.classification &&
          (CLASSIFICATION_LABELS[column.classification] ??
            column.classification),
      ].filter(Boolean);
      // one line, as the template's pattern asks
      // eslint-disable-next-line no-control-regex
      const name = column.name.replace(/[\u0000-\u001f\u007f]+/g, ' ');
      return `${name} (${facts.join(', ')})`;
    })
    .join('; ');
}

/**
 * `ui:field: DataProductSchemaSummary` with `ui:widget: hidden` and `ui:options.refField` (default
 * `columns`): the schema step's columns in one line, for the review page (hide the columns
 * themselves there with `ui:backstage.review.show: false`). Renders nothing.
 */
export const DataProductSchemaSummaryField = (
  props: FieldExtensionComponentProps<string, { refField?: string }>,
) => {
  const { onChange, formData, uiSchema, formContext } = props;
  const refField = uiSchema?.['ui:options']?.refField ?? 'columns';
  const formState = (formContext as { formData?: Record<string, unknown> })
    ?.formData;
  const summary = summarizeColumns(formState?.[refField]);
  useEffect(() => {
    if (summary !== (formData ?? '')) {
      onChange(summary);
    }
  }, [summary, formData, onChange]);
  return null;
};
