/*
 * A Lunr query translator that finds data by what a person types:
 * - the query is split like the index splits text (any non-letter, non-digit:
 *   `delivered_at` is `delivered` + `at`), stop words dropped;
 * - every remaining word is required (an unknown column, `carrier_code`,
 *   finds nothing rather than everything that mentions "code");
 * - a column named exactly as typed ranks first, then a word in the title;
 * - the last word may be a prefix (typing `shipm` finds Shipments).
 * Filters and document types are handled by Lunr's default translator.
 *
 * Speed: Lunr's cost grows with the (document, field) pairs a required word
 * matches, and the union of their sets. The engine below indexes one more
 * field, `keywords` (every searched field's text, see `keywordsOf`), and the
 * required words are looked up there only: a word that every dataset has
 * (`customer_id` at 10,000 datasets) is one posting list, not nine.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import type {
  IndexableDocument,
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';
import lunr from 'lunr';

/** The separator of Backstage's Lunr indexer. */
const SEPARATOR = /[^\p{L}\p{N}]+/u;

/** The field holding every searched field's text (see `keywordsOf`). */
export const KEYWORDS_FIELD = 'keywords';

/** Fields a word may match in (those an index has; others are ignored). */
export const SEARCHED_FIELDS = [
  'title',
  'text',
  'product',
  'domain',
  'owner',
  'tags',
  'columnWords',
  'columnDescriptions',
  'classifications',
];

/** The words of a query that must all match. */
export function queryWords(term: string): string[] {
  return term
    .toLocaleLowerCase('en-US')
    .split(SEPARATOR)
    .filter(word => word && lunr.stopWordFilter(word as any) !== undefined);
}

type LunrTranslation = {
  lunrQueryBuilder: lunr.Index.QueryBuilder;
  documentTypes?: string[];
  pageSize: number;
};

/**
 * Wraps Lunr's default translator (its filters and document types) with the
 * words of the query, required, boosted by field.
 */
export function translateDataProductsQuery(
  base: (query: SearchQuery) => unknown,
  query: SearchQuery,
): LunrTranslation {
  // Term-less: the default translator adds only the filters.
  const defaults = base({ ...query, term: '' }) as LunrTranslation;
  const words = queryWords(query.term ?? '');
  const whole = (query.term ?? '').trim().toLocaleLowerCase('en-US');
  return {
    ...defaults,
    lunrQueryBuilder: q => {
      defaults.lunrQueryBuilder.call(q, q);
      const own = (fields: string[]) => {
        const present = fields.filter(f => q.allFields.includes(f));
        return present.length ? present : q.allFields;
      };
      // one combined field where the index has it, else each field
      const searched = q.allFields.includes(KEYWORDS_FIELD)
        ? [KEYWORDS_FIELD]
        : own(SEARCHED_FIELDS);
      const titled = q.allFields.includes('title');
      words.forEach((word, index) => {
        // The last word is a prefix of its stem: `shipm` and `shipments` both.
        const prefix = index === words.length - 1 && word.length >= 2;
        const clause = prefix
          ? {
              term: lunr.stemmer(new lunr.Token(word, {})).toString(),
              usePipeline: false,
              wildcard: lunr.Query.wildcard.TRAILING,
            }
          : { term: word, usePipeline: true };
        q.term(clause.term, {
          ...clause,
          fields: searched,
          presence: lunr.Query.presence.REQUIRED,
        });
        if (titled && searched[0] === KEYWORDS_FIELD) {
          // a word of the title ranks higher (and is highlighted there)
          q.term(clause.term, { ...clause, fields: ['title'], boost: 10 });
        }
      });
      if (words.length && q.allFields.includes('columns')) {
        // A column named exactly as typed comes first.
        q.term(whole, { fields: ['columns'], usePipeline: false, boost: 1000 });
      }
    },
  };
}

/**
 * The `keywords` field: every word of the searched fields, once each (a
 * word repeated in twelve column descriptions is one entry, so a match
 * carries one position and the field stays short).
 */
export function keywordsOf(document: Record<string, unknown>): string {
  const words = new Set<string>();
  for (const field of SEARCHED_FIELDS) {
    const value = document[field];
    const texts = Array.isArray(value) ? value.map(String) : [value];
    for (const text of texts) {
      if (typeof text !== 'string') continue;
      for (const word of text.toLocaleLowerCase('en-US').split(SEPARATOR)) {
        if (word) words.add(word);
      }
    }
  }
  return [...words].join(' ');
}

/**
 * The embedded default's engine (Lunr) with this translator, for portals
 * that keep Lunr; set with `searchEngineRegistryExtensionPoint`. Its index
 * has the `keywords` field besides the document's own; results leave it out.
 */
export class DataProductsLunrSearchEngine extends LunrSearchEngine {
  constructor(options: { logger: LoggerService }) {
    super(options);
    const base = this.translator;
    this.translator = query => translateDataProductsQuery(base, query);
  }

  /** Backstage's Lunr indexer, adding the `keywords` field to each document. */
  async getIndexer(type: string) {
    const indexer = await super.getIndexer(type);
    const index = indexer.index.bind(indexer);
    indexer.index = documents =>
      index(
        documents.map(document => ({
          ...document,
          [KEYWORDS_FIELD]: keywordsOf(document as any),
        })),
      );
    return indexer;
  }

  /** Lunr's results, without the `keywords` field. */
  async query(query: SearchQuery): Promise<IndexableResultSet> {
    const resultSet = await super.query(query);
    return {
      ...resultSet,
      results: resultSet.results.map(result => {
        const { [KEYWORDS_FIELD]: _keywords, ...document } =
          result.document as IndexableDocument & Record<string, unknown>;
        const { [KEYWORDS_FIELD]: _highlighted, ...fields } =
          result.highlight?.fields ?? {};
        return {
          ...result,
          document,
          ...(result.highlight && {
            highlight: { ...result.highlight, fields },
          }),
        };
      }),
    };
  }
}

export function createDataProductsLunrEngine(logger: LoggerService) {
  return new DataProductsLunrSearchEngine({ logger });
}
