/*
 * Schema changes of a dataset, as its consumers feel them. A column is identified by its name
 * (case-insensitively, as Glue and most engines compare them): a rename is a removal and an
 * addition, and says so.
 */
import type { SchemaColumn } from '../types';
import type { ContractChange } from './diff';

type ChangeDraft = Omit<ContractChange, 'dataset'>;

const INTEGER_WIDTHS = ['tinyint', 'smallint', 'int', 'bigint'];
const INTEGER_ALIASES: Record<string, string> = {
  integer: 'int',
  int2: 'smallint',
  int4: 'int',
  int8: 'bigint',
  long: 'bigint',
  short: 'smallint',
  byte: 'tinyint',
};
const FLOAT_WIDTHS = ['real', 'double'];
const FLOAT_ALIASES: Record<string, string> = {
  float: 'real',
  float4: 'real',
  float8: 'double',
  'double precision': 'double',
};

interface PhysicalType {
  base: string;
  args: number[];
}

function parsePhysical(type: string): PhysicalType {
  const match = /^\s*([a-z ]+?)\s*(?:\(([\d\s,]+)\))?\s*$/i.exec(type);
  if (!match) {
    return { base: type.trim().toLowerCase(), args: [] };
  }
  const base = match[1].toLowerCase();
  return {
    base: INTEGER_ALIASES[base] ?? FLOAT_ALIASES[base] ?? base,
    args: (match[2] ?? '')
      .split(',')
      .map(arg => arg.trim())
      .filter(Boolean)
      .map(Number),
  };
}

/** How a physical type moved: the same, wider (old values still fit), or anything else. */
export function comparePhysicalTypes(
  before: string,
  after: string,
): 'same' | 'wider' | 'narrower' | 'changed' {
  const a = parsePhysical(before);
  const b = parsePhysical(after);
  if (a.base === b.base && a.args.join() === b.args.join()) {
    return 'same';
  }
  for (const widths of [INTEGER_WIDTHS, FLOAT_WIDTHS]) {
    if (widths.includes(a.base) && widths.includes(b.base)) {
      return widths.indexOf(b.base) > widths.indexOf(a.base)
        ? 'wider'
        : 'narrower';
    }
  }
  if (a.base !== b.base) {
    // varchar(n) holds whatever char(n) did.
    const textBases = ['char', 'varchar'];
    if (
      a.base === 'char' &&
      b.base === 'varchar' &&
      (b.args[0] ?? Infinity) >= (a.args[0] ?? 0)
    ) {
      return 'wider';
    }
    return textBases.includes(a.base) && b.base === 'char'
      ? 'narrower'
      : 'changed';
  }
  if (['decimal', 'numeric', 'number'].includes(a.base)) {
    const [precisionA = 38, scaleA = 0] = a.args;
    const [precisionB = 38, scaleB = 0] = b.args;
    if (scaleB === scaleA && precisionB >= precisionA) {
      return 'wider';
    }
    return scaleB >= scaleA && precisionB - scaleB >= precisionA - scaleA
      ? 'wider'
      : 'narrower';
  }
  const lengthA = a.args[0] ?? Infinity;
  const lengthB = b.args[0] ?? Infinity;
  if (lengthB === lengthA) {
    return 'changed';
  }
  return lengthB > lengthA ? 'wider' : 'narrower';
}

function typeChanges(
  path: string,
  before: SchemaColumn,
  after: SchemaColumn,
): ChangeDraft[] {
  const name = after.name;
  if (before.type !== after.type) {
    const widened = before.type === 'integer' && after.type === 'number';
    return [
      {
        kind: widened ? 'type-widened' : 'type-changed',
        severity: widened ? 'non-breaking' : 'breaking',
        path: `${path}.type`,
        message: widened
          ? `Column ${name} widened from integer to number.`
          : `Column ${name} changed type from ${before.type} to ${after.type}.`,
      },
    ];
  }
  if (before.physicalType && after.physicalType) {
    const how = comparePhysicalTypes(before.physicalType, after.physicalType);
    if (how === 'same') {
      return [];
    }
    const wider = how === 'wider';
    return [
      {
        kind: wider ? 'type-widened' : `type-${how}`,
        severity: wider ? 'non-breaking' : 'breaking',
        path: `${path}.physicalType`,
        message: `Column ${name} ${
          { wider: 'widened', narrower: 'narrowed', changed: 'changed' }[how]
        } from ${before.physicalType} to ${after.physicalType}.`,
      },
    ];
  }
  return [];
}

function columnChanges(
  path: string,
  before: SchemaColumn,
  after: SchemaColumn,
): ChangeDraft[] {
  const changes = typeChanges(path, before, after);
  const name = after.name;
  const wasRequired = before.required === true;
  const isRequired = after.required === true;
  if (wasRequired !== isRequired) {
    changes.push({
      kind: isRequired ? 'nullable-to-required' : 'required-to-nullable',
      severity: 'breaking',
      path: `${path}.required`,
      message: isRequired
        ? `Column ${name} became required: rows without it are now rejected.`
        : `Column ${name} may now be empty: consumers may read nulls they did not expect.`,
    });
  }
  if ((before.description ?? '') !== (after.description ?? '')) {
    changes.push({
      kind: 'description-changed',
      severity: 'non-breaking',
      path: `${path}.description`,
      message: `Column ${name}: description changed.`,
    });
  }
  if (before.classification !== after.classification) {
    changes.push({
      kind: 'classification-changed',
      severity: 'non-breaking',
      path: `${path}.classification`,
      message: `Column ${name} is now classified ${
        after.classification ?? 'unclassified'
      } (was ${before.classification ?? 'unclassified'}).`,
    });
  }
  return changes;
}

const keyOf = (column: SchemaColumn) => column.name.toLowerCase();

/** The changes between two schemas (either may be absent: no schema declared). */
export function diffColumns(
  before: SchemaColumn[],
  after: SchemaColumn[],
): ChangeDraft[] {
  const changes: ChangeDraft[] = [];
  const path = (name: string) => `spec.schema.columns[${name}]`;
  const removed = before.filter(c => !after.some(a => keyOf(a) === keyOf(c)));
  const added = after.filter(c => !before.some(b => keyOf(b) === keyOf(c)));

  for (const column of removed) {
    const candidates = added.filter(a => a.type === column.type);
    changes.push({
      kind: 'column-removed',
      severity: 'breaking',
      path: path(column.name),
      message: `Column ${column.name} was removed${
        candidates.length === 1
          ? ` (renamed to ${candidates[0].name}? A rename breaks its readers all the same)`
          : ''
      }.`,
    });
  }
  for (const column of added) {
    changes.push(
      column.required
        ? {
            kind: 'required-column-added',
            severity: 'breaking',
            path: path(column.name),
            message: `Required column ${column.name} was added: writers and checks that follow the old contract lack it.`,
          }
        : {
            kind: 'column-added',
            severity: 'non-breaking',
            path: path(column.name),
            message: `Column ${column.name} was added (may be empty).`,
          },
    );
  }
  for (const column of after) {
    const old = before.find(b => keyOf(b) === keyOf(column));
    if (old) {
      changes.push(...columnChanges(path(column.name), old, column));
    }
  }

  const keyNames = (columns: SchemaColumn[]) =>
    columns
      .filter(c => c.primaryKey)
      .map(keyOf)
      .sort()
      .join(', ');
  const oldKey = keyNames(before);
  const newKey = keyNames(after);
  if (oldKey !== newKey && before.length > 0 && after.length > 0) {
    changes.push({
      kind: 'primary-key-changed',
      severity: 'breaking',
      path: 'spec.schema.columns',
      message: `The primary key changed from (${oldKey || 'none'}) to (${
        newKey || 'none'
      }).`,
    });
  }
  return changes;
}
