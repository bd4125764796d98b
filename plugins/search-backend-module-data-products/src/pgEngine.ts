/*
 * Search for data on PostgreSQL (`@backstage/plugin-search-backend-module-pg`).
 *
 * PostgreSQL's English parser splits `delivered_at` into `delivered` and the
 * stop word `at`, so a column name alone would find every text that says
 * "delivered". Each column is therefore also indexed as one token the parser
 * keeps whole, `/delivered_at` (a "file" token, which the english
 * configuration does not stem), in a field of its own (`columnTokens`, weight
 * C with the document's other fields). A query of one word finds the
 * documents with that column OR with all of its words; a column named exactly
 * as typed ranks first (it matches both). `carrier_code`, which no dataset
 * has, becomes the phrase `carrier <-> code`: it finds nothing.
 */
import type {
  ConcretePgSearchQuery,
  PgSearchEngine,
  PgSearchQueryTranslatorOptions,
} from '@backstage/plugin-search-backend-module-pg';
import type { SearchEngine } from '@backstage/plugin-search-backend-node';
import type {
  IndexableDocument,
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';

/** The field holding each column as one token (see the module's comment). */
export const COLUMN_TOKENS_FIELD = 'columnTokens';

/** Characters a column token keeps; anything else ends the token. */
const TOKEN = /^[\p{L}\p{N}_.-]+$/u;

/** `/delivered_at /shipment_id` for a document's columns. */
export function columnTokensOf(document: { columns?: unknown }): string {
  const columns = Array.isArray(document.columns) ? document.columns : [];
  return columns
    .map(c => String(c).toLocaleLowerCase('en-US'))
    .filter(c => TOKEN.test(c))
    .map(c => `/${c}`)
    .join(' ');
}

/** A word as a tsquery operand: quoted, and its prefixes (as Backstage's translator). */
function operand(word: string): string {
  const quoted = JSON.stringify(word);
  return `(${quoted} | ${quoted}:*)`;
}

/**
 * The tsquery text (for `to_tsquery('english', ...)`) of a search term: all
 * its words, or the column named as typed.
 */
export function dataProductsPgTerm(term: string): string {
  const words = term
    .split(/\s/)
    .map(p => p.replace(/[\0()|&:*!<>'"\\]/g, '').trim())
    .filter(p => p !== '');
  if (words.length === 0) return '';
  const all = words.map(operand).join(' & ');
  const column = words.length === 1 ? words[0].toLocaleLowerCase('en-US') : '';
  return TOKEN.test(column) ? `(${all}) | '/${column}'` : all;
}

/**
 * The data-products query translator for PostgreSQL: Backstage's (filters,
 * types, paging, highlighting) with the term of {@link dataProductsPgTerm}.
 */
export function translateDataProductsPgQuery(
  base: PgSearchEngine['translator'],
  query: SearchQuery,
  options: PgSearchQueryTranslatorOptions,
): ConcretePgSearchQuery {
  const translated = base({ ...query, term: '' }, options);
  const pgTerm = dataProductsPgTerm(query.term ?? '');
  return {
    ...translated,
    pgQuery: { ...translated.pgQuery, pgTerm: pgTerm || undefined },
  };
}

/**
 * PostgreSQL search for data: Backstage's PgSearchEngine, with column tokens
 * added as documents are indexed (and left out of results) and the
 * data-products translator.
 */
export class DataProductsPgSearchEngine implements SearchEngine {
  private readonly pg: PgSearchEngine;

  constructor(pg: PgSearchEngine) {
    this.pg = pg;
    const base = pg.translator.bind(pg);
    pg.setTranslator((query, options) =>
      translateDataProductsPgQuery(base, query, options),
    );
  }

  /** Replaces the data-products translator. */
  setTranslator(translator: Parameters<PgSearchEngine['setTranslator']>[0]) {
    this.pg.setTranslator(translator);
  }

  /** Backstage's PostgreSQL indexer, adding the column tokens to each document. */
  async getIndexer(type: string) {
    const indexer = await this.pg.getIndexer(type);
    const index = indexer.index.bind(indexer);
    indexer.index = documents =>
      index(
        documents.map(document => ({
          ...document,
          [COLUMN_TOKENS_FIELD]: columnTokensOf(document as any),
        })),
      );
    return indexer;
  }

  /** PostgreSQL's results, without the column tokens. */
  async query(query: SearchQuery): Promise<IndexableResultSet> {
    const resultSet = (await this.pg.query(query)) as IndexableResultSet;
    return {
      ...resultSet,
      results: resultSet.results.map(result => {
        const { [COLUMN_TOKENS_FIELD]: _tokens, ...document } =
          result.document as IndexableDocument & Record<string, unknown>;
        return { ...result, document };
      }),
    };
  }
}
