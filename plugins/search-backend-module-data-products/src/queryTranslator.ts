/*
 * A Lunr query translator that finds data by what a person types:
 * - the query is split like the index splits text (any non-letter, non-digit:
 *   `delivered_at` is `delivered` + `at`), stop words dropped;
 * - every remaining word is required (an unknown column, `carrier_code`,
 *   finds nothing rather than everything that mentions "code");
 * - a word in a column name, then in the title, ranks above one in the text;
 * - the last word may be a prefix (typing `shipm` finds Shipments).
 * Filters and document types are handled by Lunr's default translator.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import type { SearchQuery } from '@backstage/plugin-search-common';
import lunr from 'lunr';

/** The separator of Backstage's Lunr indexer. */
const SEPARATOR = /[^\p{L}\p{N}]+/u;

/** Fields a word may match in (those an index has; others are ignored). */
const SEARCHED_FIELDS = [
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
      const searched = own(SEARCHED_FIELDS);
      words.forEach((word, index) => {
        const last = index === words.length - 1;
        if (last && word.length >= 2) {
          // Required as a prefix of its stem: `shipm` and `shipments` both.
          const stem = lunr.stemmer(new lunr.Token(word, {})).toString();
          q.term(stem, {
            fields: searched,
            usePipeline: false,
            wildcard: lunr.Query.wildcard.TRAILING,
            presence: lunr.Query.presence.REQUIRED,
          });
        } else {
          q.term(word, {
            fields: searched,
            usePipeline: true,
            presence: lunr.Query.presence.REQUIRED,
          });
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
 * The embedded default's engine (Lunr) with this translator, for portals
 * that keep Lunr; set with `searchEngineRegistryExtensionPoint`.
 */
export class DataProductsLunrSearchEngine extends LunrSearchEngine {
  constructor(options: { logger: LoggerService }) {
    super(options);
    const base = this.translator;
    this.translator = query => translateDataProductsQuery(base, query);
  }
}

export function createDataProductsLunrEngine(logger: LoggerService) {
  return new DataProductsLunrSearchEngine({ logger });
}
