/*
 * The sample organisation (examples/) indexed into PostgreSQL search
 * (@backstage/plugin-search-backend-module-pg) with this module's documents,
 * column tokens and translator, on the PostgreSQL 15 the tests use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
import {
  isDataProductEntity,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';
import { parseAllDocuments } from 'yaml';
import {
  buildTitleLookup,
  DATA_PRODUCTS_DOCUMENT_TYPE,
  toSearchDocument,
} from './documents';
import {
  columnTokensOf,
  dataProductsPgTerm,
  DataProductsPgSearchEngine,
} from './pgEngine';

jest.setTimeout(120_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function sampleDocuments() {
  const files = [
    'org.yaml',
    'domains.yaml',
    ...fs
      .readdirSync(path.join(EXAMPLES, 'products'))
      .map(product => `products/${product}/catalog-info.yaml`),
  ];
  const entities = files.flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .filter(Boolean),
  );
  const titles = buildTitleLookup(entities);
  return entities
    .filter(e => isDataProductEntity(e) || isDatasetEntity(e))
    .map(e => toSearchDocument(e as any, titles));
}

const titlesOf = (results: Array<{ document: any }>) =>
  results.map(r => `${r.document.kind} ${r.document.title}`);

describe('search for data on PostgreSQL', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  async function indexedEngine() {
    const knex = await databases.init('POSTGRES_15');
    const database = mockServices.database({ knex });
    const pg = await PgSearchEngine.fromConfig(new ConfigReader({}), {
      database,
    });
    const engine = new DataProductsPgSearchEngine(pg);
    const indexer = await engine.getIndexer(DATA_PRODUCTS_DOCUMENT_TYPE);
    const { error } = await TestPipeline.fromIndexer(indexer)
      .withDocuments(sampleDocuments())
      .execute();
    expect(error).toBeUndefined();
    return { engine, knex };
  }

  it('finds Shipments first by its column delivered_at, and no dataset by an unknown column', async () => {
    const { engine } = await indexedEngine();
    const { results } = await engine.query({ term: 'delivered_at' });
    expect(titlesOf(results)[0]).toBe('Dataset Shipments');
    expect(results[0].document).toMatchObject({
      columns: expect.arrayContaining(['delivered_at']),
    });
    expect(Object.keys(results[0].document)).not.toContain('columnTokens');

    const unknown = await engine.query({ term: 'carrier_code' });
    expect(
      unknown.results.filter((r: any) => r.document.kind === 'Dataset'),
    ).toEqual([]);
  });

  it('finds by words and prefixes, and honours filters', async () => {
    const { engine } = await indexedEngine();
    const prefix = await engine.query({ term: 'shipm' });
    expect(titlesOf(prefix.results)).toContain('Dataset Shipments');
    const products = await engine.query({
      term: 'shipments',
      filters: { kind: 'DataProduct' },
    });
    expect(products.results.length).toBeGreaterThan(0);
    expect(
      products.results.every((r: any) => r.document.kind === 'DataProduct'),
    ).toBe(true);
  });

  it('stores each column as one token PostgreSQL keeps whole', async () => {
    const { knex } = await indexedEngine();
    const [row] = await knex('documents')
      .select(
        knex.raw("body @@ to_tsquery('english', ?) as has", ['/delivered_at']),
      )
      .whereRaw("document->>'title' = ?", ['Shipments']);
    expect(row.has).toBe(true);
  });
});

describe('the PostgreSQL term', () => {
  it('asks for every word, or the column named as typed', () => {
    expect(dataProductsPgTerm('delivered_at')).toBe(
      `(("delivered_at" | "delivered_at":*)) | '/delivered_at'`,
    );
    expect(dataProductsPgTerm('daily  orders')).toBe(
      '("daily" | "daily":*) & ("orders" | "orders":*)',
    );
    // operators and quotes of tsquery are dropped, never passed on
    expect(dataProductsPgTerm("x' | y:*")).toBe(
      '("x" | "x":*) & ("y" | "y":*)',
    );
    expect(dataProductsPgTerm('  ')).toBe('');
  });

  it('writes each column as a token, leaving out names the parser would split', () => {
    expect(
      columnTokensOf({ columns: ['Delivered_At', 'order id', 'shipment_id'] }),
    ).toBe('/delivered_at /shipment_id');
    expect(columnTokensOf({})).toBe('');
  });
});
