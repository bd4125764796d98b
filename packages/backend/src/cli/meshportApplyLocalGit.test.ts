/*
 * `meshport apply` of a product the wizard published to a repository on the portal host
 * (`meshport-local-git:` locations), on SQLite and on PostgreSQL: the portal commits the applied
 * documents there as the user and reads them again; another team is refused with the sentence
 * saying who may; documents of another kind or another product are refused, named.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { LocalGitRepositories } from '@meshport/plugin-scaffolder-backend-module-data-products';
import { meshport } from './__testUtils__/cliRunner';
import { portalDatabase } from './__testUtils__/portalDatabase';
import {
  SALES_PIPELINE_TOKEN,
  startTestPortal,
} from './__testUtils__/portalHarness';

jest.setTimeout(240_000);

const product = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'web-orders', title: 'Web orders' },
  spec: {
    owner: 'team-sales',
    domain: 'sales',
    lifecycle: 'experimental',
    type: 'source-aligned',
    environments: ['dev'],
  },
};

function dataset(name: string, dataProduct = 'web-orders', table = name) {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name, title: name },
    spec: {
      dataProduct,
      owner: 'team-sales',
      access: 'restricted',
      outputs: [
        {
          type: 'glue',
          database: dataProduct.replace(/-/g, '_'),
          table: table.replace(/-/g, '_'),
        },
        { type: 's3', bucket: 'datalake', path: `${dataProduct}/${table}/` },
      ],
    },
  };
}

/** A product folder: one serialised document per entity (JSON is YAML). */
async function writeFolder(folder: string, documents: object[]) {
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(
    path.join(folder, 'catalog-info.yaml'),
    documents.map(d => JSON.stringify(d, null, 2)).join('\n---\n'),
  );
}

const tokenOf = async (configDir: string, portal: string) =>
  JSON.parse(
    await fs.readFile(path.join(configDir, 'credentials.json'), 'utf8'),
  ).portals[portal].token as string;

describe("meshport apply to the portal host's repositories", () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'commits a changed dataset as the user, refuses others, on %p',
    async databaseId => {
      const database = await portalDatabase(databases, databaseId);
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-push-'));
      // What the wizard's meshport:publish:local leaves: a bare repository and the portal's checkout.
      const localGit = path.join(work, 'git');
      const published = path.join(work, 'published');
      await writeFolder(published, [product, dataset('web-order-lines')]);
      await new LocalGitRepositories({ directory: localGit }).create({
        name: 'web-orders',
        sourceDir: published,
        message: 'Create Web orders',
        author: { name: 'Alice Martin', email: 'alice@meshport.example' },
        defaultBranch: 'main',
        taskId: 'wizard-task',
      });
      const portal = await startTestPortal(database.config, {
        localGitDirectory: localGit,
      });
      try {
        const as = (name: string) => ({
          MESHPORT_CONFIG_DIR: path.join(work, name),
          MESHPORT_TOKEN: undefined,
          MESHPORT_PORTAL: undefined,
        });
        const alice = as('alice');
        const carol = as('carol');
        for (const [user, env] of [
          ['alice', alice],
          ['carol', carol],
        ] as const) {
          const login = await meshport(
            ['login', '--portal', portal.url, '--user', user],
            env,
          );
          expect(login.exitCode).toBe(0);
        }
        // The catalog reads the wizard's repository (not reconciled yet: unhealthy).
        let before = await meshport(['get', 'web-orders'], alice);
        for (let i = 0; i < 150 && before.exitCode === 2; i++) {
          await new Promise(resolve => setTimeout(resolve, 200));
          before = await meshport(['get', 'web-orders'], alice);
        }
        expect(before.stdout.split('\n')[0]).toBe(
          'Web orders (dataproduct:default/web-orders): unhealthy',
        );

        // Alice changes a dataset's table, adds one, and applies from her own folder.
        const folder = path.join(work, 'alice-web-orders');
        await writeFolder(folder, [
          product,
          dataset('web-order-lines', 'web-orders', 'order-lines-v2'),
          dataset('web-returns'),
        ]);
        const applied = await meshport(
          ['apply', folder, '--wait', '--timeout', '2m'],
          alice,
        );
        expect(applied.stderr).toMatch(
          /^Pushed to meshport-local-git:web-orders \(commit [0-9a-f]{8}\)$/m,
        );
        expect(applied.stdout).toMatch(
          /^Applied Web orders: run \S+ succeeded/,
        );
        expect(applied.exitCode).toBe(0);

        const got = JSON.parse(
          (await meshport(['get', 'web-orders', '--output', 'json'], alice))
            .stdout,
        );
        expect(got.status).toBe('healthy');
        expect(got.catalog.map((e: any) => e.entityRef)).toEqual([
          'dataproduct:default/web-orders',
          'dataset:default/web-order-lines',
          'dataset:default/web-returns',
        ]);
        const lines = await fetch(
          `${portal.url}/api/catalog/entities/by-name/dataset/default/web-order-lines`,
          {
            headers: {
              authorization: `Bearer ${await tokenOf(
                alice.MESHPORT_CONFIG_DIR,
                portal.url,
              )}`,
            },
          },
        ).then(response => response.json());
        expect(lines.spec.outputs[0].table).toBe('order_lines_v2');
        // The commit is Alice's, in the repository the wizard created.
        const repository = path.join(localGit, 'repos', 'web-orders.git');
        expect(
          execFileSync('git', ['log', '-1', '--format=%an <%ae>|%s'], {
            cwd: repository,
            encoding: 'utf8',
          }).trim(),
        ).toBe(
          'Alice Martin <alice@meshport.example>|meshport apply: Web orders (3 documents)',
        );

        // Applying the same again commits nothing.
        const same = await meshport(['apply', folder], alice);
        expect(same.stderr).toMatch(
          /^meshport-local-git:web-orders already holds these documents \(commit [0-9a-f]{8}\); refreshed$/m,
        );
        expect(same.exitCode).toBe(0);

        // Another team: the CLI names who may, and the route itself refuses too.
        const otherTeam = await meshport(['apply', folder], carol);
        expect(otherTeam.exitCode).toBe(1);
        expect(otherTeam.stderr).toBe(
          'meshport: You may not deploy Web orders: only its owner, Sales, or a Meshport admin may. Ask Sales, or sign in as one of them with meshport login.',
        );
        const push = async (configDir: string | undefined, body: object) => {
          const token = configDir
            ? await tokenOf(configDir, portal.url)
            : SALES_PIPELINE_TOKEN;
          const response = await fetch(
            `${portal.url}/api/data-products/local-git/push`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify(body),
            },
          );
          return { status: response.status, body: await response.json() };
        };
        const documents = [product, dataset('web-order-lines')];
        expect(
          await push(carol.MESHPORT_CONFIG_DIR, {
            entityRef: 'web-orders',
            entities: documents,
          }),
        ).toEqual({
          status: 403,
          body: {
            error: {
              name: 'NotAllowedError',
              message:
                'You may not change the data product Web orders: it is owned by Sales. Only its owners and Meshport admins may add to its repository.',
            },
          },
        });

        // A document of another kind, or of another product, is refused and named.
        const group = {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'admins' },
          spec: { type: 'team', children: [], members: ['alice'] },
        };
        const withGroup = await push(alice.MESHPORT_CONFIG_DIR, {
          entityRef: 'web-orders',
          entities: [...documents, group],
        });
        expect(withGroup.status).toBe(400);
        expect(withGroup.body.error.message).toBe(
          "catalog-info.yaml document 3 (Group/admins): kind: only meshport.io/v1alpha1 DataProduct and Dataset documents may be declared in a data product's repository (got backstage.io/v1alpha1 Group)",
        );
        const foreignFolder = path.join(work, 'foreign');
        await writeFolder(foreignFolder, [
          product,
          dataset('web-order-lines'),
          dataset('ledger-entries', 'finance-ledger'),
        ]);
        const foreign = await meshport(['apply', foreignFolder], alice);
        expect(foreign.exitCode).toBe(1);
        expect(foreign.stderr).toBe(
          'meshport: The portal refused the request: body.entities[2].spec.dataProduct: must be dataproduct:default/web-orders, the product previewed (got dataproduct:default/finance-ledger).',
        );
        const foreignPush = await push(alice.MESHPORT_CONFIG_DIR, {
          entityRef: 'web-orders',
          entities: [...documents, dataset('ledger-entries', 'finance-ledger')],
        });
        expect(foreignPush.status).toBe(400);
        expect(foreignPush.body.error.message).toBe(
          'catalog-info.yaml document 3 (Dataset/ledger-entries): spec.dataProduct: must be dataproduct:default/web-orders, the product of this repository (got dataproduct:default/finance-ledger)',
        );
        const otherProduct = await push(alice.MESHPORT_CONFIG_DIR, {
          entityRef: 'web-orders',
          entities: [{ ...product, metadata: { name: 'finance-ledger' } }],
        });
        expect(otherProduct.status).toBe(400);
        expect(otherProduct.body.error.message).toBe(
          'catalog-info.yaml declares the data product "finance-ledger", but this repository holds "Web orders" (web-orders): apply each product on its own.',
        );

        // The product's pipeline may push; the commit names it. Nothing refused reached git.
        const byPipeline = await push(undefined, {
          entityRef: 'web-orders',
          entities: documents,
        });
        expect(byPipeline.status).toBe(200);
        expect(byPipeline.body).toEqual({
          entityRef: 'dataproduct:default/web-orders',
          repository: 'web-orders',
          commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
          changed: true,
        });
        expect(
          execFileSync('git', ['log', '--format=%an', '-3'], {
            cwd: repository,
            encoding: 'utf8',
          })
            .trim()
            .split('\n'),
        ).toEqual(['Pipeline ci-web-orders', 'Alice Martin', 'Alice Martin']);
      } finally {
        await portal.stop();
        await database.cleanUp();
        await fs.rm(work, { recursive: true, force: true });
      }
    },
  );
});
