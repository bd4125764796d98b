/*
 * Hole 1 of issue #11 in the real catalog, with the portal's own catalog configuration
 * (app-config.yaml: its rules, which allow Group, Template, Location..., its locations and
 * fileLocationRoots) and `file` locations open to everyone as on the embedded default. A file
 * location outside the operator's folders is read only if it is a catalog-info.yaml, and then
 * only its DataProduct and Dataset; everything else is refused unread, naming the path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigSources, FileConfigSource } from '@backstage/config-loader';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { JsonObject, JsonValue } from '@backstage/config';
import {
  startTestCatalog,
  type TestCatalog,
  waitFor as waitForCatalog,
} from '@internal/catalog-test-utils';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogModuleDataProducts from '@meshport/plugin-catalog-backend-module-data-products';
import catalogLocationTypes from '../catalogLocationTypes';

// Generous: under the whole suite on two cores the first catalog pass over the examples takes a while.
jest.setTimeout(300_000);

/** app-config.yaml as the backend loads it (its environment variables need not be set here). */
async function loadAppConfig() {
  const loaded = await ConfigSources.toConfig(
    FileConfigSource.create({
      path: resolvePackagePath('backend', '../../app-config.yaml'),
      substitutionFunc: async () => 'unused',
    }),
  );
  loaded.close();
  return loaded.get() as {
    catalog: JsonObject;
    meshport: { environments: JsonValue; catalog: JsonObject };
  };
}

/** The first catalog pass over the examples takes a while on two cores. */
const waitFor = <T>(check: () => Promise<T | undefined>, what: string) =>
  waitForCatalog(check, { what, timeoutMs: 120_000 });

const plantedGroup = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: planted-admins }
spec: { type: team, children: [], members: [mallory] }
`;

const product = `apiVersion: meshport.io/v1alpha1
kind: DataProduct
metadata: { name: customer-churn }
spec: { owner: team-sales, domain: sales, environments: [dev] }
---
apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata: { name: churn-scores }
spec:
  dataProduct: customer-churn
  owner: team-sales
  access: restricted
  outputs: [{ type: s3, bucket: datalake, path: customer-churn/churn-scores/ }]
`;

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'file locations in the portal catalog, %p',
  databaseId => {
    const dir = createMockDirectory();
    let catalog: TestCatalog;
    const startDirectory = process.cwd();

    beforeAll(async () => {
      // app-config.yaml's file locations are relative to packages/backend, where the portal runs;
      // the whole suite runs from the repository root.
      process.chdir(path.resolve(__dirname, '../..'));
      dir.setContent({
        'elsewhere/team.yaml': plantedGroup,
        'elsewhere/catalog-info.yaml': `${product}---\n${plantedGroup}`,
        'product/catalog-info.yml': product,
        'linked/.keep': '',
      });
      fs.symlinkSync(
        dir.resolve('elsewhere/team.yaml'),
        dir.resolve('linked/catalog-info.yaml'),
      );
      const appConfig = await loadAppConfig();
      catalog = await startTestCatalog({
        database: await databases.init(databaseId),
        features: [
          scaffolderEntityModel,
          catalogModuleDataProducts,
          catalogLocationTypes,
        ],
        config: {
          catalog: {
            ...appConfig.catalog,
            processingInterval: { seconds: 1 },
          },
          meshport: {
            environments: appConfig.meshport.environments,
            catalog: appConfig.meshport.catalog,
          },
        },
      });
    });

    afterAll(async () => {
      await catalog.stop();
      process.chdir(startDirectory);
    });

    const fetchEntity = (ref: string) => catalog.fetchEntity(ref);

    const register = async (target: string) => {
      const response = await catalog.registerLocation('file', target);
      expect(response.status).toBe(201);
    };

    const errorAbout = (needle: string) =>
      waitFor(
        async () =>
          catalog.processingErrors.find(message => message.includes(needle)),
        `a processing error about ${needle}`,
      );

    it('still loads the examples, the templates and the repository’s own Component', async () => {
      for (const ref of [
        'user:alice',
        'group:team-sales',
        'dataproduct:sales-orders',
        'dataset:orders',
        'template:data-product',
        'component:meshport',
      ]) {
        const entity = await waitFor(() => fetchEntity(ref), ref);
        expect(entity.kind.toLocaleLowerCase('en-US')).toBe(ref.split(':')[0]);
      }
      // None of them was refused by the guard.
      expect(
        catalog.processingErrors.filter(m =>
          m.startsWith('The catalog does not read'),
        ),
      ).toEqual([]);
    });

    it('refuses /etc/passwd without reading it', async () => {
      await register('/etc/passwd');
      expect(await errorAbout('/etc/passwd')).toBe(
        "The catalog does not read the file location /etc/passwd: /etc/passwd is neither a file named catalog-info.yaml or catalog-info.yml nor inside a folder of the portal's catalog.locations or meshport.catalog.fileLocationRoots.",
      );
      // A file that does not exist gets the same answer: nobody learns what the host holds.
      await register('/etc/no-such-file');
      expect(await errorAbout('/etc/no-such-file')).toBe(
        "The catalog does not read the file location /etc/no-such-file: /etc/no-such-file is neither a file named catalog-info.yaml or catalog-info.yml nor inside a folder of the portal's catalog.locations or meshport.catalog.fileLocationRoots.",
      );
      // Read, it would have failed as YAML (a parse error), not with the rule.
      expect(
        catalog.processingErrors.filter(
          m =>
            m.includes('/etc/passwd') &&
            !m.startsWith('The catalog does not read'),
        ),
      ).toEqual([]);
    });

    it('refuses a YAML file elsewhere, also reached through `..`, and never catalogues its Group', async () => {
      await register(dir.resolve('elsewhere/team.yaml'));
      await register(`${dir.resolve('product')}/../elsewhere/team.yaml`);
      await errorAbout(
        `The catalog does not read the file location ${dir.resolve(
          'elsewhere/team.yaml',
        )}: `,
      );
      await errorAbout(
        `The catalog does not read the file location ${dir.resolve(
          'product',
        )}/../elsewhere/team.yaml: ${dir.resolve(
          'elsewhere/team.yaml',
        )} is neither`,
      );
      expect(await fetchEntity('group:planted-admins')).toBeUndefined();
    });

    it('refuses a catalog-info.yaml that is a symlink to another file', async () => {
      await register(dir.resolve('linked/catalog-info.yaml'));
      await errorAbout(
        `The catalog does not read the file location ${dir.resolve(
          'linked/catalog-info.yaml',
        )}: ${dir.resolve(
          'elsewhere/team.yaml',
        )} is neither a file named catalog-info.yaml`,
      );
      expect(await fetchEntity('group:planted-admins')).toBeUndefined();
    });

    it('reads a registered catalog-info file for its DataProduct and Dataset only', async () => {
      await register(dir.resolve('elsewhere/catalog-info.yaml'));
      expect(
        await errorAbout(
          `${dir.resolve('elsewhere/catalog-info.yaml')} holds a Group`,
        ),
      ).toBe(
        `${dir.resolve(
          'elsewhere/catalog-info.yaml',
        )} holds a Group (planted-admins): a registered catalog-info.yaml may hold only DataProduct and Dataset documents; other kinds come from the portal's catalog.locations.`,
      );
      // The file is refused as a whole: neither its Group nor its product reach the catalog.
      expect(await fetchEntity('group:planted-admins')).toBeUndefined();
      expect(await fetchEntity('dataproduct:customer-churn')).toBeUndefined();

      await register(dir.resolve('product/catalog-info.yml'));
      const dataset = await waitFor(
        () => fetchEntity('dataset:churn-scores'),
        'the registered dataset',
      );
      expect(
        dataset.metadata.annotations?.['backstage.io/managed-by-location'],
      ).toBe(`file:${path.join(dir.path, 'product', 'catalog-info.yml')}`);
    });
  },
);
