/*
 * The collator: reads DataProducts and Datasets (and the groups, domains and
 * products whose titles they show) from the catalog as the plugin itself,
 * and yields one document per entity.
 */
import { Readable } from 'node:stream';
import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  buildTitleLookup,
  DATA_PRODUCTS_DOCUMENT_TYPE,
  isDataProductEntity,
  isDatasetEntity,
  toSearchDocument,
} from './documents';

const PAGE = 500;
const TITLE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
];

export class DataProductsCollatorFactory implements DocumentCollatorFactory {
  readonly type = DATA_PRODUCTS_DOCUMENT_TYPE;

  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  private async readAll(
    filter: Record<string, string | string[]>,
    fields?: string[],
  ): Promise<Entity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const all: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor ? { cursor, limit: PAGE } : { filter, fields, limit: PAGE },
        { credentials },
      );
      all.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return all;
  }

  async *execute() {
    const [entities, named] = await Promise.all([
      this.readAll({ kind: ['DataProduct', 'Dataset'] }),
      this.readAll({ kind: ['Group', 'Domain'] }, TITLE_FIELDS),
    ]);
    const titles = buildTitleLookup([...named, ...entities]);
    for (const entity of entities) {
      if (isDataProductEntity(entity) || isDatasetEntity(entity)) {
        yield toSearchDocument(entity, titles);
      }
    }
  }
}
