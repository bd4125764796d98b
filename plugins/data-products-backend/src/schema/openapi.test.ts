/*
 * The OpenAPI document and the plugin agree: every route the running plugin
 * registers is described in src/schema/openapi.yaml, and every operation the
 * document describes is a route of the plugin. The generated router module
 * holds the same document (`yarn backstage-repo-tools repo schema openapi
 * validate` checks that in CI).
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startAccessBackend } from '../access/__testUtils__/backend';
import { DataProductsRestClient } from '@meshport/plugin-data-products-common';
import { spec } from './openapi/generated/router';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `METHOD /path/{param}` of every route in an Express router stack, recursively. */
function routesOf(stack: any[], prefix = ''): string[] {
  const routes: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const routePath = `${prefix}${layer.route.path}`.replace(
        /:(\w+)/g,
        '{$1}',
      );
      for (const method of Object.keys(layer.route.methods)) {
        if (METHODS.includes(method)) {
          routes.push(`${method.toUpperCase()} ${routePath}`);
        }
      }
    } else if (layer.handle?.stack) {
      routes.push(...routesOf(layer.handle.stack, prefix));
    }
  }
  return routes;
}

function documentedOperations(document: any): string[] {
  return Object.entries(document.paths as Record<string, object>).flatMap(
    ([routePath, item]) =>
      Object.keys(item)
        .filter(method => METHODS.includes(method))
        .map(method => `${method.toUpperCase()} ${routePath}`),
  );
}

describe('the OpenAPI document', () => {
  it('describes exactly the routes the plugin registers', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startAccessBackend({ knex });
    const app = server.listeners('request')[0] as any;
    const registered = [
      ...new Set(
        // less the framework's own routes (auth, permission integration, and
        // the validated router's copy of this document)
        routesOf(app._router.stack).filter(
          route =>
            !/ \/\.(backstage|well-known)\//.test(route) &&
            route !== 'GET /openapi.json',
        ),
      ),
    ].sort();
    const documented = documentedOperations(spec).sort();

    // the plugin's routes are found at all (a walk that finds none proves nothing)
    expect(registered).toContain('POST /lineage/api/v1/lineage');
    expect(registered).toContain('GET /access/requests/{id}/history');
    expect(registered.filter(r => !documented.includes(r))).toEqual([]);
    expect(documented.filter(r => !registered.includes(r))).toEqual([]);
    expect(documented).toHaveLength(registered.length);
  });

  it('is the same document as the generated router module holds', () => {
    const yaml = parseYaml(
      fs.readFileSync(path.resolve(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });

  it('describes the error body, security and an operation id on every operation', () => {
    expect(spec.security).toEqual([{ JWT: [] }]);
    for (const [routePath, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(
        item as Record<string, any>,
      )) {
        const where = `${method.toUpperCase()} ${routePath}`;
        expect({ where, id: typeof operation.operationId }).toEqual({
          where,
          id: 'string',
        });
        expect({ where, error: operation.responses.default }).toEqual({
          where,
          error: { $ref: '#/components/responses/ErrorResponse' },
        });
      }
    }
  });

  it('has its client generated from the same operations (yarn generate:openapi)', () => {
    const operationIds = Object.values(spec.paths).flatMap(item =>
      Object.values(item as Record<string, { operationId: string }>).map(
        operation => operation.operationId,
      ),
    );
    const clientMethods = Object.getOwnPropertyNames(
      DataProductsRestClient.prototype,
    ).filter(name => name !== 'constructor');
    expect(clientMethods.sort()).toEqual(
      operationIds
        .map(id => `${id.charAt(0).toLocaleLowerCase('en-US')}${id.slice(1)}`)
        .sort(),
    );
  });
});
