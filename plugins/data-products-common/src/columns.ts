/*
 * Pure: the columns of a Dataset's schema as a person enters them (the wizard's schema step), and
 * what is wrong with them, in sentences naming the column and what was expected. The rules are
 * those of the Dataset schema that `meshport validate` checks (a name, a type of COLUMN_TYPES, a
 * classification of CLASSIFICATIONS, names unique ignoring case), plus one line of text per
 * name and at most 255 characters (Glue's limit for a column name).
 */
import {
  CLASSIFICATIONS,
  COLUMN_TYPES,
  type Classification,
  type ColumnType,
} from './types';

/** A column of the wizard's schema step (the Dataset's `spec.schema.columns[]`). */
export interface ColumnDraft {
  /** The column's name as consumers query it; unique in the dataset ignoring case. */
  name: string;
  /** ODCS logical type. */
  type: ColumnType;
  /** What the column holds, for people. */
  description?: string;
  /** Data classification; `pii` marks personal data. */
  classification?: Classification;
  /** Never empty. */
  required?: boolean;
  /** Part of the primary key (always required). */
  primaryKey?: boolean;
}

/** Glue's limit for a column name. */
export const MAX_COLUMN_NAME_LENGTH = 255;
/** A column description, like a dataset's. */
export const MAX_COLUMN_DESCRIPTION_LENGTH = 2000;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const CONTROL_CHARACTERS_BUT_LINE_BREAKS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One problem of one column: its index, the field and a sentence for people. */
export interface ColumnProblem {
  /** Index in the list; undefined for a problem of the whole list. */
  index?: number;
  /** The field of the column the problem is about. */
  field?: keyof ColumnDraft;
  /** A sentence naming the column and what was expected. */
  message: string;
}

const label = (column: unknown, index: number) => {
  const name =
    column && typeof (column as ColumnDraft).name === 'string'
      ? (column as ColumnDraft).name.trim()
      : '';
  return name && !CONTROL_CHARACTERS.test(name) && name.length <= 60
    ? `Column ${index + 1} ("${name}")`
    : `Column ${index + 1}`;
};

const list = (values: readonly string[]) =>
  `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;

/**
 * What is wrong with the columns, in order; empty when they make a valid schema. Accepts any
 * value, so it serves a form's state and a request's body alike.
 */
export function describeColumnProblems(columns: unknown): ColumnProblem[] {
  if (!Array.isArray(columns) || columns.length === 0) {
    return [{ message: 'Add at least one column' }];
  }
  const problems: ColumnProblem[] = [];
  const seen = new Map<string, number>();
  columns.forEach((column: unknown, index) => {
    const at = label(column, index);
    if (!column || typeof column !== 'object' || Array.isArray(column)) {
      problems.push({ index, message: `${at}: must be a column` });
      return;
    }
    const { name, type, description, classification, required, primaryKey } =
      column as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push({ index, field: 'name', message: `${at}: enter a name` });
    } else if (CONTROL_CHARACTERS.test(name)) {
      problems.push({
        index,
        field: 'name',
        message: `${at}: the name must be one line of text, without control characters`,
      });
    } else if (name !== name.trim()) {
      problems.push({
        index,
        field: 'name',
        message: `${at}: the name must not start or end with a space`,
      });
    } else if (name.length > MAX_COLUMN_NAME_LENGTH) {
      problems.push({
        index,
        field: 'name',
        message: `${at}: use at most ${MAX_COLUMN_NAME_LENGTH} characters for the name (this one has ${name.length})`,
      });
    } else {
      const key = name.toLocaleLowerCase('en-US');
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
      } else {
        problems.push({
          index,
          field: 'name',
          message: `${at}: column ${
            first + 1
          } has the same name (names are compared ignoring case)`,
        });
      }
    }
    if (!COLUMN_TYPES.includes(type as ColumnType)) {
      problems.push({
        index,
        field: 'type',
        message: `${at}: choose a type: ${list(COLUMN_TYPES)}`,
      });
    }
    if (
      classification !== undefined &&
      !CLASSIFICATIONS.includes(classification as Classification)
    ) {
      problems.push({
        index,
        field: 'classification',
        message: `${at}: the classification must be ${list(CLASSIFICATIONS)}`,
      });
    }
    if (
      description !== undefined &&
      (typeof description !== 'string' ||
        description.length > MAX_COLUMN_DESCRIPTION_LENGTH ||
        CONTROL_CHARACTERS_BUT_LINE_BREAKS.test(description))
    ) {
      problems.push({
        index,
        field: 'description',
        message: `${at}: the description must be text of at most ${MAX_COLUMN_DESCRIPTION_LENGTH} characters, without control characters`,
      });
    }
    for (const [field, value] of [
      ['required', required],
      ['primaryKey', primaryKey],
    ] as const) {
      if (value !== undefined && typeof value !== 'boolean') {
        problems.push({
          index,
          field,
          message: `${at}: ${
            field === 'required' ? 'required' : 'primary key'
          } must be true or false`,
        });
      }
    }
    if (primaryKey === true && required === false) {
      problems.push({
        index,
        field: 'required',
        message: `${at}: a primary key column is required (tick "Required")`,
      });
    }
  });
  return problems;
}

/**
 * The columns as the Dataset's `spec.schema.columns`: only the known fields, empty descriptions
 * and unset flags left out, a primary key always required. Call after describeColumnProblems
 * found nothing.
 */
export function toSchemaColumns(columns: ColumnDraft[]): ColumnDraft[] {
  return columns.map(column => ({
    name: column.name,
    type: column.type,
    ...(column.description?.trim()
      ? { description: column.description.trim() }
      : {}),
    ...(column.classification ? { classification: column.classification } : {}),
    ...(column.required || column.primaryKey ? { required: true } : {}),
    ...(column.primaryKey ? { primaryKey: true } : {}),
  }));
}
