/*
 * A small stateful Glue Data Catalog for one account and region, served
 * behind `mockClient(GlueClient)`: databases with descriptions, tags and
 * (names of) tables, and Glue's errors.
 */
import {
  AlreadyExistsException,
  EntityNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-glue';
import type { AwsTags } from '../model';
import { FakeService } from './FakeService';

interface StoredDatabase {
  name: string;
  description?: string;
  locationUri?: string;
  parameters?: Record<string, string>;
  createTime: Date;
  tables: Set<string>;
}

const metadata = { httpStatusCode: 400, requestId: 'fake' };

const notFound = (message: string) =>
  new EntityNotFoundException({
    message,
    Message: message,
    $metadata: metadata,
  });

export class FakeGlue extends FakeService {
  readonly accountId: string;
  readonly region: string;
  private readonly databases = new Map<string, StoredDatabase>();
  private readonly tags = new Map<string, AwsTags>();
  private readonly pageSize: number;

  constructor(options: {
    accountId: string;
    region: string;
    pageSize?: number;
  }) {
    super();
    this.accountId = options.accountId;
    this.region = options.region;
    this.pageSize = options.pageSize ?? 100;
  }

  protected throttlingError(message: string): Error {
    return new ThrottlingException({
      message,
      Message: message,
      $metadata: metadata,
    });
  }

  arnOf(name: string): string {
    return `arn:aws:glue:${this.region}:${this.accountId}:database/${name}`;
  }

  // ---- inspection and set-up for tests ------------------------------------------

  databaseNames(): string[] {
    return [...this.databases.keys()].sort();
  }

  database(name: string) {
    const db = this.databases.get(name);
    if (!db) return undefined;
    return {
      name: db.name,
      description: db.description,
      locationUri: db.locationUri,
      parameters: db.parameters,
      tags: { ...this.tags.get(this.arnOf(name)) },
      tables: [...db.tables].sort(),
    };
  }

  /** Adds a table, as a pipeline would. */
  addTable(database: string, table: string): void {
    this.databases.get(database)!.tables.add(table);
  }

  // ---- Glue APIs -------------------------------------------------------------

  createDatabase(input: any) {
    return this.run('CreateDatabase', input, () => {
      this.checkCatalog(input.CatalogId);
      const name: string = input.DatabaseInput.Name;
      if (this.databases.has(name)) {
        throw new AlreadyExistsException({
          message: 'Database already exists.',
          Message: 'Database already exists.',
          $metadata: metadata,
        });
      }
      this.databases.set(name, {
        name,
        description: input.DatabaseInput.Description,
        locationUri: input.DatabaseInput.LocationUri,
        parameters: input.DatabaseInput.Parameters,
        createTime: this.now(),
        tables: new Set(),
      });
      this.tags.set(this.arnOf(name), { ...(input.Tags ?? {}) });
      return { $metadata: {} };
    });
  }

  getDatabase(input: any) {
    return this.run('GetDatabase', input, () => ({
      Database: this.databaseOut(this.find(input.Name)),
      $metadata: {},
    }));
  }

  getDatabases(input: any) {
    return this.run('GetDatabases', input, () => {
      this.checkCatalog(input.CatalogId);
      const all = [...this.databases.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(d => this.databaseOut(d));
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const size = input.MaxResults ?? this.pageSize;
      const next = start + size < all.length ? String(start + size) : undefined;
      return {
        DatabaseList: all.slice(start, start + size),
        ...(next ? { NextToken: next } : {}),
        $metadata: {},
      };
    });
  }

  updateDatabase(input: any) {
    return this.run('UpdateDatabase', input, () => {
      const db = this.find(input.Name);
      // Like Glue, the input replaces the whole definition.
      db.description = input.DatabaseInput.Description;
      db.locationUri = input.DatabaseInput.LocationUri;
      db.parameters = input.DatabaseInput.Parameters;
      return { $metadata: {} };
    });
  }

  deleteDatabase(input: any) {
    return this.run('DeleteDatabase', input, () => {
      this.find(input.Name);
      this.databases.delete(input.Name);
      this.tags.delete(this.arnOf(input.Name));
      return { $metadata: {} };
    });
  }

  getTables(input: any) {
    return this.run('GetTables', input, () => {
      const db = this.find(input.DatabaseName);
      const names = [...db.tables].sort().slice(0, input.MaxResults ?? 100);
      return {
        TableList: names.map(Name => ({ Name, DatabaseName: db.name })),
        $metadata: {},
      };
    });
  }

  getTags(input: any) {
    return this.run('GetTags', input, () => ({
      Tags: { ...this.tagsOf(input.ResourceArn) },
      $metadata: {},
    }));
  }

  tagResource(input: any) {
    return this.run('TagResource', input, () => {
      Object.assign(this.tagsOf(input.ResourceArn), input.TagsToAdd ?? {});
      return { $metadata: {} };
    });
  }

  untagResource(input: any) {
    return this.run('UntagResource', input, () => {
      const tags = this.tagsOf(input.ResourceArn);
      for (const key of input.TagsToRemove ?? []) delete tags[key];
      return { $metadata: {} };
    });
  }

  /** The Glue catalog's resource policy (cross-account reads). */
  resourcePolicy: string | undefined;

  getResourcePolicy(input: any) {
    return this.run('GetResourcePolicy', input, () => {
      if (this.resourcePolicy === undefined) {
        throw notFound('Policy not found.');
      }
      return { PolicyInJson: this.resourcePolicy, $metadata: {} };
    });
  }

  putResourcePolicy(input: any) {
    return this.run('PutResourcePolicy', input, () => {
      this.resourcePolicy = input.PolicyInJson;
      return { PolicyHash: 'fake', $metadata: {} };
    });
  }

  // ---- helpers ---------------------------------------------------------------

  private checkCatalog(catalogId: string | undefined) {
    if (catalogId && catalogId !== this.accountId) {
      throw notFound(`Catalog ${catalogId} not found.`);
    }
  }

  private find(name: string): StoredDatabase {
    const db = this.databases.get(name);
    if (!db) throw notFound(`Database ${name} not found.`);
    return db;
  }

  private tagsOf(arn: string): AwsTags {
    const tags = this.tags.get(arn);
    if (!tags) throw notFound(`Resource ${arn} not found.`);
    return tags;
  }

  private databaseOut(db: StoredDatabase) {
    return {
      Name: db.name,
      Description: db.description,
      LocationUri: db.locationUri,
      Parameters: db.parameters,
      CreateTime: db.createTime,
      CatalogId: this.accountId,
    };
  }
}
