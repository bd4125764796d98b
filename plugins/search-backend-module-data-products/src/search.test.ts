/*
 * The sample organisation (examples/) indexed into Backstage's Lunr engine
 * with this module's documents and translator: what a person finds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
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
import { DataProductsLunrSearchEngine, keywordsOf } from './queryTranslator';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function sampleEntities(): Entity[] {
  const files = [
    'org.yaml',
    'domains.yaml',
    ...fs
      .readdirSync(path.join(EXAMPLES, 'products'))
      .map(product => `products/${product}/catalog-info.yaml`),
  ];
  return files.flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .filter(Boolean),
  );
}

async function indexedEngine() {
  const entities = sampleEntities();
  const titles = buildTitleLookup(entities);
  const documents = entities
    .filter(e => isDataProductEntity(e) || isDatasetEntity(e))
    .map(e => toSearchDocument(e as any, titles));
  const engine = new DataProductsLunrSearchEngine({
    logger: mockServices.logger.mock(),
  });
  const indexer = await engine.getIndexer(DATA_PRODUCTS_DOCUMENT_TYPE);
  const { error } = await TestPipeline.fromIndexer(indexer)
    .withDocuments(documents)
    .execute();
  expect(error).toBeUndefined();
  return { engine, documents };
}

const titlesOf = (results: Array<{ document: any }>) =>
  results.map(r => `${r.document.kind} ${r.document.title}`);

describe('search for data (Lunr, the sample organisation)', () => {
  it('finds Shipments first by its column delivered_at', async () => {
    const { engine } = await indexedEngine();
    const { results } = await engine.query({ term: 'delivered_at' });
    expect(titlesOf(results)[0]).toBe('Dataset Shipments');
    expect(results[0].document).toMatchObject({
      product: expect.any(String),
      access: expect.any(String),
      columns: expect.arrayContaining(['delivered_at']),
    });
  });

  it('finds no dataset for a column nobody has (carrier_code)', async () => {
    const { engine } = await indexedEngine();
    const { results } = await engine.query({ term: 'carrier_code' });
    expect(results.filter((r: any) => r.document.kind === 'Dataset')).toEqual(
      [],
    );
  });

  it('finds by a prefix, a tag and an owner title, and honours filters', async () => {
    const { engine, documents } = await indexedEngine();
    const shipments = documents.find(d => d.title === 'Shipments')!;
    const prefix = await engine.query({ term: 'shipm' });
    expect(titlesOf(prefix.results)).toContain('Dataset Shipments');
    const tag = await engine.query({ term: shipments.tags[0] });
    expect(titlesOf(tag.results)).toContain('Dataset Shipments');
    const owner = await engine.query({ term: shipments.owner });
    expect(titlesOf(owner.results)).toContain('Dataset Shipments');
    const products = await engine.query({
      term: 'shipments',
      filters: { kind: 'DataProduct' },
    });
    expect(products.results.length).toBeGreaterThan(0);
    expect(
      products.results.every((r: any) => r.document.kind === 'DataProduct'),
    ).toBe(true);
  });

  it('answers without its internal keywords field, and highlights the title', async () => {
    const { engine } = await indexedEngine();
    const { results } = await engine.query({ term: 'shipments' });
    const shipments = results.find(
      (r: any) => r.document.title === 'Shipments',
    )!;
    expect(shipments).toBeDefined();
    expect(Object.keys(shipments.document)).not.toContain('keywords');
    expect(Object.keys(shipments.highlight!.fields)).not.toContain('keywords');
    expect(shipments.highlight!.fields.title).toContain('Shipments');
  });

  it('keeps each word of the searched fields once in keywords', () => {
    expect(
      keywordsOf({
        title: 'Shipments',
        text: 'Parcels shipped',
        columnWords: 'shipment_id delivered_at',
        columnDescriptions: 'The shipment\nWhen delivered',
        tags: ['logistics'],
        location: '/catalog/default/dataset/shipments',
      }).split(' '),
    ).toEqual([
      'shipments',
      'parcels',
      'shipped',
      'logistics',
      'shipment',
      'id',
      'delivered',
      'at',
      'the',
      'when',
    ]);
  });
});
