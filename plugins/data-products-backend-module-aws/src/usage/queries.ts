/*
 * Pure: the tables an Athena (Trino) query reads, and the Datasets they are.
 * A small tokenizer, not a SQL parser: it finds the names after FROM and JOIN
 * (and comma-separated lists after FROM), with or without catalog and
 * database, quoted or not. Names in string literals and comments are skipped.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { DatasetEntity } from '@meshport/plugin-data-products-common';

const lower = (value: string) => value.toLocaleLowerCase('en-US');

type Token = { kind: 'word' | 'quoted' | 'punct'; text: string };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"((?:[^"]|"")*)"|`([^`]*)`|([A-Za-z_][\w$]*)|([.,()])|\s+|./g;
  for (const match of sql.matchAll(pattern)) {
    if (match[1] !== undefined) {
      tokens.push({ kind: 'quoted', text: match[1].replace(/""/g, '"') });
    } else if (match[2] !== undefined) {
      tokens.push({ kind: 'quoted', text: match[2] });
    } else if (match[3] !== undefined) {
      tokens.push({ kind: 'word', text: match[3] });
    } else if (match[4] !== undefined) {
      tokens.push({ kind: 'punct', text: match[4] });
    }
  }
  return tokens;
}

const isName = (t?: Token) => !!t && (t.kind === 'word' || t.kind === 'quoted');
const isWord = (t: Token | undefined, word: string) =>
  t?.kind === 'word' && lower(t.text) === word;

/** `[catalog.]database.table` names the query reads, as `database.table` (lowercase). */
export function tablesInQuery(sql: string, defaultDatabase?: string): string[] {
  const tokens = tokenize(sql);
  const found = new Set<string>();
  const readName = (start: number): number => {
    const parts: string[] = [];
    let i = start;
    while (isName(tokens[i])) {
      parts.push(lower(tokens[i].text));
      if (tokens[i + 1]?.text === '.' && isName(tokens[i + 2])) {
        i += 2;
      } else {
        i += 1;
        break;
      }
    }
    const [database, table] =
      parts.length >= 2
        ? parts.slice(-2)
        : [defaultDatabase ? lower(defaultDatabase) : undefined, parts[0]];
    if (database && table) found.add(`${database}.${table}`);
    return i;
  };
  for (let i = 0; i < tokens.length; i++) {
    const from = isWord(tokens[i], 'from');
    if (!(from || isWord(tokens[i], 'join')) || !isName(tokens[i + 1])) {
      continue;
    }
    let next = readName(i + 1);
    // FROM a [AS] x, b [AS] y, ...
    while (from) {
      if (isWord(tokens[next], 'as')) next++;
      if (tokens[next]?.kind === 'word' && tokens[next + 1]?.text === ',')
        next++;
      if (tokens[next]?.text !== ',' || !isName(tokens[next + 1])) break;
      next = readName(next + 1);
    }
    i = next - 1;
  }
  return [...found];
}

/** `database.table` (and `database.*` for a whole-database output) -> Dataset ref, from Glue outputs. */
export function glueTableIndex(datasets: DatasetEntity[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const dataset of datasets) {
    const ref = lower(stringifyEntityRef(dataset));
    for (const output of dataset.spec.outputs ?? []) {
      if (output.type !== 'glue') continue;
      const key = `${lower(output.database)}.${
        output.table ? lower(output.table) : '*'
      }`;
      if (!index.has(key)) index.set(key, ref);
    }
  }
  return index;
}

export function datasetOfTable(
  index: Map<string, string>,
  table: string,
): string | undefined {
  return index.get(table) ?? index.get(`${table.split('.')[0]}.*`);
}
