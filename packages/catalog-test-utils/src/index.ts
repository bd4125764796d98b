/*
 * The real Backstage catalog for tests (this package is private, never
 * published): the catalog plugin with the modules under test, the given root
 * config, a collector of its processing errors, and readers of what it
 * catalogued. Used by the catalog module's, the scaffolder module's and the
 * portal's catalog tests, so that each starts the catalog the same way.
 */
import {
  type BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { type Entity, parseEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';

export interface TestCatalogOptions {
  /** The catalog modules (and any other feature) to start beside the catalog plugin. */
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  /** The root config: `catalog` (rules, locations...) and `meshport`. */
  config: JsonObject;
  /**
   * The database, from `TestDatabases` (`databases.init(id)`) to run on
   * SQLite and PostgreSQL; by default the test backend's in-memory SQLite.
   */
  database?: Knex;
}

export interface TestCatalog {
  /** `http://localhost:<port>/api/catalog` */
  baseUrl: string;
  /** The catalog's processing errors so far, as an app would log them. */
  processingErrors: string[];
  /** The entity of `ref` (`kind:name` or `kind:namespace/name`), or undefined while the catalog lacks it. */
  fetchEntity(ref: string): Promise<Entity | undefined>;
  /** Every catalogued entity as `Kind/name`, sorted. */
  entityNames(): Promise<string[]>;
  /** Registers a location through the catalog's REST API. */
  registerLocation(type: string, target: string): Promise<Response>;
  /** Asks the catalog to process `entityRef` again now. */
  refresh(entityRef: string): Promise<void>;
  stop(): Promise<void>;
}

/** Collects the catalog's processing errors into `errors`. */
function errorCollector(errors: string[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-error-collector',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.setOnProcessingErrorHandler(event => {
            errors.push(...event.errors.map(error => error.message));
          });
        },
      });
    },
  });
}

/** Starts the real catalog with `options.features` and `options.config`. */
export async function startTestCatalog(
  options: TestCatalogOptions,
): Promise<TestCatalog> {
  const processingErrors: string[] = [];
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      ...options.features,
      errorCollector(processingErrors),
      mockServices.rootConfig.factory({ data: options.config }),
      ...(options.database
        ? [mockServices.database.factory({ knex: options.database })]
        : []),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}/api/catalog`;
  return {
    baseUrl,
    processingErrors,
    async fetchEntity(ref) {
      const { kind, namespace, name } = parseEntityRef(ref, {
        defaultNamespace: 'default',
      });
      const response = await fetch(
        `${baseUrl}/entities/by-name/${kind}/${namespace}/${name}`,
      );
      return response.ok ? ((await response.json()) as Entity) : undefined;
    },
    async entityNames() {
      const response = await fetch(`${baseUrl}/entities`);
      return ((await response.json()) as Entity[])
        .map(e => `${e.kind}/${e.metadata.name}`)
        .sort();
    },
    registerLocation(type, target) {
      return fetch(`${baseUrl}/locations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type, target }),
      });
    },
    async refresh(entityRef) {
      await fetch(`${baseUrl}/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ entityRef }),
      });
    },
    stop: () => backend.stop(),
  };
}

/**
 * Polls `check` every 200 ms until it gives a value; fails naming `what`
 * (default "the catalog") after `timeoutMs` (default 30 s).
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { what?: string; timeoutMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const result = await check();
    if (result !== undefined) {
      return result;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${options.what ?? 'the catalog'}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
