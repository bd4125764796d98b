/*
 * The `meshport` CLI against a running portal (real catalog, auth, permissions and the
 * data-products plugin in plan mode), on SQLite and on PostgreSQL: sign in, apply a product from
 * a folder, get its health, apply a change, see a processing error, retire it, and be refused
 * as another team or as a pipeline token scoped to another product.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { meshport } from './__testUtils__/cliRunner';
import { portalDatabase } from './__testUtils__/portalDatabase';
import {
  SALES_PIPELINE_TOKEN,
  startTestPortal,
  TestPortal,
} from './__testUtils__/portalHarness';

jest.setTimeout(240_000);

const TITLES: Record<string, string> = {
  'web-orders': 'Web orders',
  'finance-ledger': 'Finance ledger',
  'campaign-insights': 'Campaign insights',
};

function product(name: string, owner: string, domain: string) {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: {
      name,
      title: TITLES[name],
    },
    spec: {
      owner,
      domain,
      lifecycle: 'experimental',
      type: 'source-aligned',
      environments: ['dev'],
    },
  };
}

function dataset(
  name: string,
  dataProduct: string,
  owner: string,
  extra: object = {},
) {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name, title: name },
    spec: {
      dataProduct,
      owner,
      access: 'restricted',
      outputs: [
        {
          type: 'glue',
          database: dataProduct.replace(/-/g, '_'),
          table: name.replace(/-/g, '_'),
        },
        { type: 's3', bucket: 'datalake', path: `${dataProduct}/${name}/` },
      ],
      ...extra,
    },
  };
}

async function writeProduct(folder: string, documents: object[]) {
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(
    path.join(folder, 'catalog-info.yaml'),
    // JSON is YAML: one document per object.
    documents.map(d => JSON.stringify(d, null, 2)).join('\n---\n'),
  );
}

describe('meshport against a running portal', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'applies, gets, refuses and retires a data product, on %p',
    async databaseId => {
      const database = await portalDatabase(databases, databaseId);
      const portal: TestPortal = await startTestPortal(database.config);
      try {
        const work = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-cli-'));
        const alice = {
          MESHPORT_CONFIG_DIR: path.join(work, 'alice'),
          MESHPORT_TOKEN: undefined,
          MESHPORT_PORTAL: undefined,
        };
        const carol = {
          ...alice,
          MESHPORT_CONFIG_DIR: path.join(work, 'carol'),
        };
        const pipeline = {
          ...alice,
          MESHPORT_CONFIG_DIR: path.join(work, 'ci'),
          MESHPORT_TOKEN: SALES_PIPELINE_TOKEN,
          MESHPORT_PORTAL: portal.url,
        };

        // Sign-in: a user token through the portal's sample-users provider, stored 0600.
        const login = await meshport(
          ['login', '--portal', portal.url, '--user', 'alice'],
          alice,
        );
        expect(login.stderr).toBe('');
        expect(login.stdout).toMatch(
          /^Signed in to http:\/\/localhost:\d+ as user:default\/alice until .+ GMT; the token is in .+credentials.json\.$/,
        );
        const credentials = path.join(
          alice.MESHPORT_CONFIG_DIR,
          'credentials.json',
        );
        expect((await fs.stat(credentials)).mode & 0o777).toBe(0o600);
        expect(
          (
            await meshport(
              ['login', '--portal', portal.url, '--user', 'carol'],
              carol,
            )
          ).exitCode,
        ).toBe(0);

        // Apply a new product from a folder and wait: every role planned, the run succeeded.
        const folder = path.join(work, 'web-orders');
        await writeProduct(folder, [
          product('web-orders', 'team-sales', 'sales'),
          dataset('web-order-lines', 'web-orders', 'team-sales'),
        ]);
        const started = Date.now();
        const applied = await meshport(
          ['apply', folder, '--wait', '--timeout', '2m'],
          alice,
        );
        expect(applied.stderr).toContain(
          `Registered file:${path.join(folder, 'catalog-info.yaml')}`,
        );
        expect(applied.stderr).toMatch(
          /\n {2}succeeded: dev \d+\/\d+ operations done/,
        );
        expect(applied.stdout).toMatch(
          /^Applied Web orders: run \S+ succeeded in plan mode \(\d+ operations: \d+ planned\)/,
        );
        expect(applied.exitCode).toBe(0);

        const got = await meshport(
          ['get', 'web-orders', '--output', 'json'],
          alice,
        );
        const healthyAfterMs = Date.now() - started;
        const health = JSON.parse(got.stdout);
        expect(health.reasons).toEqual([]);
        expect(health.status).toBe('healthy');
        expect(got.exitCode).toBe(0);
        expect(health.provisioning.lastRun.status).toBe('succeeded');
        const roles = health.provisioning.resources.filter(
          (r: any) => r.type === 'iam-role',
        );
        expect(roles.length).toBeGreaterThanOrEqual(2);
        expect(
          roles.every(
            (r: any) => r.lastRun === 'planned' && r.planned === 'present',
          ),
        ).toBe(true);
        expect(health.catalog.map((e: any) => e.entityRef)).toEqual([
          'dataproduct:default/web-orders',
          'dataset:default/web-order-lines',
        ]);
        // eslint-disable-next-line no-console
        console.info(
          `${databaseId}: apply --wait to a healthy get took ${healthyAfterMs} ms`,
        );

        const table = await meshport(['get', 'web-orders'], alice);
        expect(table.stdout.split('\n')[0]).toBe(
          'Web orders (dataproduct:default/web-orders): healthy',
        );
        expect(table.stdout).toMatch(
          /ENVIRONMENT +TYPE +NAME +PLANNED +LAST RUN/,
        );

        // A reconcile of one environment; an unknown one is named.
        const devOnly = await meshport(
          ['apply', folder, '--wait', '--environment', 'dev'],
          alice,
        );
        expect(devOnly.exitCode).toBe(0);
        const unknownEnvironment = await meshport(
          ['apply', folder, '--environment', 'prd'],
          alice,
        );
        expect(unknownEnvironment.exitCode).toBe(1);
        expect(unknownEnvironment.stderr).toContain(
          'meshport: The portal refused the request: body.environment: must be one of: dev (got "prd").',
        );

        // Change a dataset (its output moves), add a second one, and apply again.
        const movedOutputs = [
          { type: 'glue', database: 'web_orders', table: 'order_lines_v2' },
          { type: 's3', bucket: 'datalake', path: 'web-orders/lines-v2/' },
        ];
        await writeProduct(folder, [
          product('web-orders', 'team-sales', 'sales'),
          dataset('web-order-lines', 'web-orders', 'team-sales', {
            outputs: movedOutputs,
          }),
          dataset('web-returns', 'web-orders', 'team-sales', {
            access: 'unrestricted',
          }),
        ]);
        const again = await meshport(['apply', folder, '--wait'], alice);
        expect(again.stderr).toContain('Refreshed file:');
        expect(again.stdout).toMatch(/^Applied Web orders: run \S+ succeeded/);
        expect(again.exitCode).toBe(0);
        // apply returned only once the portal's catalog held the change
        const lines = await fetch(
          `${portal.url}/api/catalog/entities/by-name/dataset/default/web-order-lines`,
          {
            headers: {
              authorization: `Bearer ${
                JSON.parse(await fs.readFile(credentials, 'utf8')).portals[
                  portal.url
                ].token
              }`,
            },
          },
        ).then(response => response.json());
        expect(lines.spec.outputs).toEqual(movedOutputs);
        const afterChange = JSON.parse(
          (await meshport(['get', 'web-orders', '--output', 'json'], alice))
            .stdout,
        );
        expect(afterChange.catalog.map((e: any) => e.entityRef)).toContain(
          'dataset:default/web-returns',
        );
        expect(afterChange.status).toBe('healthy');

        // A spec the catalog would refuse is refused offline, with validate's lines.
        const broken = [
          product('web-orders', 'team-sales', 'sales'),
          dataset('web-order-lines', 'web-orders', 'team-sales', {
            access: 'public',
          }),
          dataset('web-returns', 'web-orders', 'team-sales', {
            access: 'unrestricted',
          }),
        ];
        await writeProduct(folder, broken);
        const refused = await meshport(['apply', folder], alice);
        const validated = await meshport(['validate', folder], alice);
        expect(refused.exitCode).toBe(1);
        expect(refused.stdout).toBe(validated.stdout);
        expect(refused.stdout).toMatch(
          /Dataset\/web-order-lines: spec.access: must be one of/,
        );
        expect(refused.stderr).toBe('Not applied: 1 problem in the spec');

        // While the portal's catalog holds a processing error, get exits 1.
        const token = JSON.parse(await fs.readFile(credentials, 'utf8'))
          .portals[portal.url].token;
        const refresh = await fetch(`${portal.url}/api/catalog/refresh`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ entityRef: 'dataproduct:default/web-orders' }),
        });
        expect(refresh.status).toBe(200);
        let unhealthy = await meshport(['get', 'web-orders'], alice);
        for (let i = 0; i < 100 && unhealthy.exitCode !== 1; i++) {
          await new Promise(resolve => setTimeout(resolve, 200));
          unhealthy = await meshport(['get', 'web-orders'], alice);
        }
        expect(unhealthy.exitCode).toBe(1);
        expect(unhealthy.stdout).toMatch(
          /^ {2}- The catalog cannot process web-order-lines: .*spec.access: must be one of: unrestricted, restricted, private \(got "public"\)$/m,
        );
        await writeProduct(
          folder,
          broken.map((d, i) =>
            i === 1
              ? dataset('web-order-lines', 'web-orders', 'team-sales')
              : d,
          ),
        );

        // Another team gets the sentence naming who may do it.
        const otherTeam = await meshport(['apply', folder, '--wait'], carol);
        expect(otherTeam.exitCode).toBe(1);
        expect(otherTeam.stderr).toBe(
          'meshport: You may not deploy Web orders: only its owner, Sales, or a Meshport admin may. Ask Sales, or sign in as one of them with meshport login.',
        );

        // A pipeline token limited to web-orders deploys it, and cannot apply another product.
        const byPipeline = await meshport(
          ['apply', folder, '--wait'],
          pipeline,
        );
        expect(byPipeline.exitCode).toBe(0);
        const ledger = path.join(work, 'finance-ledger');
        await writeProduct(ledger, [
          product('finance-ledger', 'team-finance', 'finance'),
          dataset('ledger-entries', 'finance-ledger', 'team-finance'),
        ]);
        const outOfScope = await meshport(
          ['apply', ledger, '--wait'],
          pipeline,
        );
        expect(outOfScope.exitCode).toBe(1);
        expect(outOfScope.stderr).toBe(
          "meshport: You may not deploy Finance ledger: The pipeline ci-web-orders may deploy Web orders only, not Finance ledger. The portal's administrators set what each pipeline may deploy.",
        );
        // The same from GitHub Actions' OIDC: a JWKS-checked token, scoped by its repository.
        const oidc = (repository: string) => ({
          ...pipeline,
          MESHPORT_TOKEN: portal.ciToken(
            `repo:${repository}:ref:refs/heads/main`,
          ),
        });
        const byOidc = await meshport(
          ['apply', folder, '--wait'],
          oidc('acme/web-orders'),
        );
        expect(byOidc.stderr).toMatch(
          /succeeded: dev \d+\/\d+ operations done/,
        );
        expect(byOidc.exitCode).toBe(0);
        const byOidcGet = await meshport(
          ['get', 'web-orders'],
          oidc('acme/web-orders'),
        );
        expect(byOidcGet.stdout.split('\n').slice(0, 3)).toEqual([
          'Web orders (dataproduct:default/web-orders): healthy',
          '',
          'Catalog: 3 entities, no processing errors',
        ]);
        expect(byOidcGet.exitCode).toBe(0);
        const otherRepository = await meshport(
          ['apply', folder, '--wait'],
          oidc('acme/finance-ledger'),
        );
        expect(otherRepository.exitCode).toBe(1);
        expect(otherRepository.stderr).toContain(
          'The pipeline external:github:repo:acme/finance-ledger:ref:refs/heads/main may deploy no data product.',
        );
        // ... and nothing of it reached the catalog.
        expect(
          (await meshport(['get', 'finance-ledger'], alice)).exitCode,
        ).toBe(2);

        // The access-request inbox: carol's product asks for web-order-lines; alice decides.
        const campaigns = path.join(work, 'campaign-insights');
        await writeProduct(campaigns, [
          product('campaign-insights', 'team-marketing', 'marketing'),
        ]);
        expect(
          (await meshport(['apply', campaigns, '--wait'], carol)).exitCode,
        ).toBe(0);
        const carolToken = JSON.parse(
          await fs.readFile(
            path.join(carol.MESHPORT_CONFIG_DIR, 'credentials.json'),
            'utf8',
          ),
        ).portals[portal.url].token;
        const asked = await fetch(
          `${portal.url}/api/data-products/access/requests`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${carolToken}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              consumer: 'campaign-insights',
              dataset: 'web-order-lines',
              purpose: 'Attribute orders to campaigns',
            }),
          },
        );
        expect(asked.status).toBe(201);
        const requestId = (await asked.json()).id;

        const inbox = await meshport(['requests', '--awaiting-me'], alice);
        expect(inbox.exitCode).toBe(0);
        expect(inbox.stdout.split('\n')[0]).toMatch(
          /^ID +STATUS +CONSUMER +DATASET +ENVIRONMENTS +REQUESTER +ASKED +PURPOSE$/,
        );
        expect(inbox.stdout).toContain(
          `${requestId}  pending  dataproduct:default/campaign-insights  dataset:default/web-order-lines  dev`,
        );
        expect(inbox.stderr).toBe('1 access request awaiting your decision');
        expect(
          (await meshport(['requests', '--awaiting-me'], carol)).stderr,
        ).toBe('0 access requests awaiting your decision');
        expect(
          (await meshport(['requests', '--mine'], carol)).stdout,
        ).toContain(requestId);

        const notTheirs = await meshport(
          ['approve', requestId, '--note', 'self-service'],
          carol,
        );
        expect(notTheirs.exitCode).toBe(1);
        expect(notTheirs.stderr).toMatch(
          /^meshport: You may not approve access to web-order-lines: only its owner, Sales, or a Meshport admin may.*Ask Sales, or sign in as one of them with meshport login\.$/,
        );
        const approved = await meshport(
          ['approve', requestId, '--note', 'For the Q1 campaigns'],
          alice,
        );
        expect(approved.stderr).toBe('');
        expect(approved.stdout).toBe(
          `Access request ${requestId} approved: dataproduct:default/campaign-insights on dataset:default/web-order-lines (dev)`,
        );
        const deniedLate = await meshport(
          ['deny', requestId, '--note', 'changed my mind'],
          alice,
        );
        expect(deniedLate.exitCode).toBe(1);
        expect(deniedLate.stderr).toMatch(
          /^meshport: The portal cannot do that now: .+\.$/,
        );
        expect(
          (
            await meshport(
              ['deny', '00000000-0000-4000-8000-000000000000'],
              alice,
            )
          ).stderr,
        ).toBe(
          'meshport: No access request 00000000-0000-4000-8000-000000000000: list them with meshport requests --awaiting-me.',
        );
        const withGrant = JSON.parse(
          (await meshport(['get', 'web-orders', '--output', 'json'], alice))
            .stdout,
        );
        expect(withGrant.grants.given).toEqual([
          expect.objectContaining({
            requestId,
            consumer: 'dataproduct:default/campaign-insights',
            dataset: 'dataset:default/web-order-lines',
          }),
        ]);

        // delete starts a retirement; get shows it and its steps.
        const deleted = await meshport(
          [
            'delete',
            'web-orders',
            '--reason',
            'Replaced by the order service events',
          ],
          alice,
        );
        expect(deleted.stderr).toBe('');
        expect(deleted.stdout).toMatch(
          /^Retirement of Web orders started: its resources are released on \d+ \w+ \d{4} \(notice period .+\); new access requests are refused from now on\.\nConsumers notified: Campaign insights \(dataproduct:default\/campaign-insights\)\n/,
        );
        expect(deleted.exitCode).toBe(0);
        const retiring = JSON.parse(
          (await meshport(['get', 'web-orders', '--output', 'json'], alice))
            .stdout,
        );
        expect(retiring.retirement.status).toBe('retiring');
        expect(retiring.retirement.steps.map((s: any) => s.name)).toEqual([
          'stop-pipeline',
          'revoke-grants',
          'archive-data',
          'stop-monitoring',
          'release-resources',
          'remove-from-catalog',
        ]);
        const twice = await meshport(
          ['delete', 'web-orders', '--reason', 'again'],
          alice,
        );
        expect(twice.exitCode).toBe(1);
        expect(twice.stderr).toMatch(
          /^meshport: The portal cannot do that now: /,
        );

        // Without a sign-in: the sentence says what to run.
        const anonymous = await meshport(
          ['get', 'web-orders', '--portal', portal.url],
          { ...alice, MESHPORT_CONFIG_DIR: path.join(work, 'nobody') },
        );
        expect(anonymous.exitCode).toBe(2);
        expect(anonymous.stderr).toBe(
          `meshport: You are not signed in to ${portal.url}: run meshport login --portal ${portal.url}, or set MESHPORT_TOKEN.`,
        );
      } finally {
        await portal.stop();
        await database.cleanUp();
      }
    },
  );
});
