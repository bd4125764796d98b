/*
 * What an imported ODCS/ODPS document holds beyond what Meshport maps: the "remainder".
 *
 * On import we export the new entity again and compare: whatever the original has and the
 * re-export lacks is kept (in an annotation), and merged back on the next export, so that
 * export(import(doc)) keeps every section of doc. Lists are matched item by item on a key
 * (`name`, `server`, `property` ...), not by position, so an item Meshport knows can be
 * enriched with its standard-only fields while items Meshport cannot hold travel whole.
 * Where both have a value and they differ, Meshport's value wins: the annotation never
 * overrides what the user changed in the entity, and the import reports the approximation.
 */
import { describeValue, joinPath } from '../problems';

/** A JSON value, as parsed from YAML or JSON. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

/** A field of an imported document that Meshport does not hold as it was. */
export interface UnmappedField {
  /** Where in the imported document, e.g. `schema[1]`, `description.usage`. */
  path: string;
  message: string;
}

/** Marks a list in a remainder: overlays for matched items and the items kept whole. */
const LIST_MARK = '$list';

interface ListRemainder {
  [LIST_MARK]: {
    overlays: Array<{ key: string; occurrence: number; value: JsonValue }>;
    extras: JsonValue[];
  };
}

/** Fields that identify a list item, most specific first (those Meshport writes come first). */
const KEY_FIELDS = [
  'name',
  'server',
  'property',
  'role',
  'channel',
  'username',
  'contractId',
  'metric',
  'url',
  'id',
];

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isListRemainder(value: unknown): value is ListRemainder {
  return isJsonObject(value) && isJsonObject(value[LIST_MARK]);
}

/** How list items are matched: the first key field present, else the whole value. */
function itemKey(item: JsonValue): string {
  if (isJsonObject(item) && typeof item.server === 'string') {
    // Servers are matched on what they point at, not on their (generated) names nor their
    // environment: the same output in dev and prd pairs up in order, and a foreign server
    // fills in what Meshport cannot know without environments (a Glue account).
    const where =
      (item.type === 'glue' ? item.database : item.location) ??
      item.database ??
      item.host ??
      item.server;
    return `server=${item.type}:${where}`;
  }
  if (isJsonObject(item)) {
    for (const field of KEY_FIELDS) {
      const value = item[field];
      if (typeof value === 'string' || typeof value === 'number') {
        return `${field}=${value}`;
      }
    }
  }
  return JSON.stringify(item);
}

/** Index of the `occurrence`-th item (from 0) with this key, or -1. */
function findOccurrence(list: JsonValue[], key: string, occurrence: number) {
  let seen = 0;
  for (let index = 0; index < list.length; index++) {
    if (itemKey(list[index]) === key) {
      if (seen === occurrence) {
        return index;
      }
      seen++;
    }
  }
  return -1;
}

function describeItem(item: JsonValue): string {
  const key = itemKey(item);
  return key.startsWith('{') || key.startsWith('[')
    ? 'an entry'
    : `the entry ${key.replace('=', ' ')}`;
}

/**
 * The part of `original` that `exported` does not reproduce, or undefined when it reproduces
 * all of it. Reports each field kept and each value Meshport holds differently.
 */
export function computeRemainder(
  original: JsonValue | undefined,
  exported: JsonValue | undefined,
  annotation: string,
  report: UnmappedField[],
  path = '',
): JsonValue | undefined {
  if (original === undefined) {
    return undefined;
  }
  if (exported === undefined) {
    report.push({
      path: path || '<root>',
      message: `has no Meshport counterpart; kept in the annotation ${annotation} and exported again`,
    });
    return original;
  }
  if (isJsonObject(original) && isJsonObject(exported)) {
    const result: JsonObject = {};
    for (const [key, value] of Object.entries(original)) {
      const rest = computeRemainder(
        value,
        exported[key],
        annotation,
        report,
        joinPath(path, key),
      );
      if (rest !== undefined) {
        result[key] = rest;
      }
    }
    return Object.keys(result).length > 0 ? result : undefined;
  }
  if (Array.isArray(original) && Array.isArray(exported)) {
    const overlays: ListRemainder[typeof LIST_MARK]['overlays'] = [];
    const extras: JsonValue[] = [];
    const occurrences = new Map<string, number>();
    original.forEach((item, index) => {
      const key = itemKey(item);
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      const match = findOccurrence(exported, key, occurrence);
      const itemPath = `${path}[${index}]`;
      if (match < 0) {
        report.push({
          path: itemPath,
          message: `${describeItem(
            item,
          )} has no Meshport counterpart; kept in the annotation ${annotation} and exported again`,
        });
        extras.push(item);
        return;
      }
      const rest = computeRemainder(
        item,
        exported[match],
        annotation,
        report,
        itemPath,
      );
      if (rest !== undefined) {
        overlays.push({ key, occurrence, value: rest });
      }
    });
    if (overlays.length === 0 && extras.length === 0) {
      return undefined;
    }
    return { [LIST_MARK]: { overlays, extras } } as unknown as JsonValue;
  }
  if (JSON.stringify(original) !== JSON.stringify(exported)) {
    report.push({
      path: path || '<root>',
      message: `${describeValue(
        original,
      )} has no exact Meshport counterpart; exported again as ${describeValue(
        exported,
      )}`,
    });
  }
  return undefined;
}

/** A remainder as plain JSON, for where the export has nothing to merge it into. */
function materialise(remainder: JsonValue): JsonValue | undefined {
  if (isListRemainder(remainder)) {
    const extras = remainder[LIST_MARK].extras;
    return extras.length > 0 ? extras : undefined;
  }
  if (isJsonObject(remainder)) {
    const result: JsonObject = {};
    for (const [key, value] of Object.entries(remainder)) {
      const plain = materialise(value);
      if (plain !== undefined) {
        result[key] = plain;
      }
    }
    return result;
  }
  return remainder;
}

/** Merges a remainder back into a fresh export; the export's own values win. */
export function mergeRemainder(
  exported: JsonValue | undefined,
  remainder: JsonValue | undefined,
): JsonValue | undefined {
  if (remainder === undefined) {
    return exported;
  }
  if (exported === undefined) {
    return materialise(remainder);
  }
  if (isListRemainder(remainder) && Array.isArray(exported)) {
    const { overlays, extras } = remainder[LIST_MARK];
    const occurrences = new Map<string, number>();
    const merged = exported.map(item => {
      const key = itemKey(item);
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      const overlay = overlays.find(
        o => o.key === key && o.occurrence === occurrence,
      );
      return overlay
        ? (mergeRemainder(item, overlay.value) as JsonValue)
        : item;
    });
    return [...merged, ...extras];
  }
  if (isJsonObject(exported) && isJsonObject(remainder)) {
    const result: JsonObject = { ...exported };
    for (const [key, value] of Object.entries(remainder)) {
      const merged = mergeRemainder(exported[key], value);
      if (merged !== undefined) {
        result[key] = merged;
      }
    }
    return result;
  }
  return exported;
}
