/*
 * Lake Formation reconciled against moto (server mode) through the real
 * `@aws-sdk/client-lakeformation` client, built by the module's client
 * factory with prd's own credentials (a role assumed in account
 * 222222222222). moto implements every call Meshport makes: RegisterResource,
 * ListResources, Create/Update/ListLFTags, AddLFTagsToResource,
 * GetResourceLFTags, Batch{Grant,Revoke}Permissions, ListPermissions,
 * GetDataLakeSettings; Glue's CreateDatabase with a TargetDatabase (resource
 * links) too. The last test runs whole reconciles through
 * `AwsProvisioner` (IAM, Glue, Athena, S3 bucket policies and Lake
 * Formation) in two accounts, both in lake-formation mode.
 */
import {
  GetResourceLFTagsCommand,
  GrantPermissionsCommand,
  ListPermissionsCommand,
  ListResourcesCommand,
} from '@aws-sdk/client-lakeformation';
import { GetDatabaseCommand } from '@aws-sdk/client-glue';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import {
  AwsClientCache,
  countingClients,
  createAwsClients,
  emptyCallCounts,
} from '../apply/clients';
import { applyLakeFormation, readLakeFormation } from '../apply/lakeFormation';
import {
  diffLakeFormation,
  grantsHeld,
  hasChanges,
} from '../apply/lakeFormationDiff';
import { IAM_ALLOWED_PRINCIPALS } from '../apply/lakeFormationSdk';
import { lakeFormationApi } from '../apply/lakeFormationClient';
import { AwsProvisionerConfig, resolveAwsProvisionerConfig } from '../config';
import type { AwsDesiredState } from '../model';
import { DEV, grant, meshInput, PRD } from '../plan/__fixtures__/mesh';
import { planAwsDesiredState } from '../plan/planner';
import { AwsProvisioner } from '../provisioner';
import { createDataLakeBuckets } from '../testing/buckets';
import { MotoServer, startMoto, useMotoCredentials } from '../testing/moto';

jest.setTimeout(120_000);

let moto: MotoServer;
let restoreCredentials: () => void;

beforeAll(async () => {
  restoreCredentials = useMotoCredentials();
  moto = await startMoto({ port: 7910 });
});

afterAll(async () => {
  await moto?.stop();
  restoreCredentials?.();
});

const NOW = new Date('2025-06-01T00:00:00Z');
const CONSUMER =
  'arn:aws:iam::222222222222:role/meshport/meshport-churn-prd-consumer';
const ANALYSTS = 'arn:aws:iam::222222222222:role/analysts';

function configFor(prdAccount: string): AwsProvisionerConfig {
  const lf = { accessControl: 'lake-formation' };
  return resolveAwsProvisionerConfig({
    endpoint: moto.endpoint,
    environments: {
      dev: lf,
      prd: {
        ...lf,
        roleArn: `arn:aws:iam::${prdAccount}:role/meshport-provisioner`,
      },
    },
  });
}

const prdOf = (state: AwsDesiredState) =>
  state.lakeFormation!.find(e => e.environment === 'prd')!;

async function reconcile(
  config: AwsProvisionerConfig,
  state: AwsDesiredState,
  counts = emptyCallCounts(),
) {
  const cache = new AwsClientCache(config, countingClients(counts));
  try {
    const clients = await cache.verified(PRD);
    const api = lakeFormationApi(clients.lakeformation);
    const desired = prdOf(state);
    const actual = await readLakeFormation(api, desired, config.rolePath);
    const changes = diffLakeFormation(desired, actual);
    await applyLakeFormation(api, changes);
    return { changes, counts };
  } finally {
    cache.destroy();
  }
}

describe('Lake Formation reconciled against moto', () => {
  it('registers, tags, grants, revokes an ended grant, leaves others alone, and writes nothing when unchanged', async () => {
    const config = configFor('222222222222');
    const prdClients = createAwsClients(PRD as MeshportEnvironment, config);
    const lf = prdClients.lakeformation;
    // Before Meshport: IAMAllowedPrincipals on a Meshport database and on
    // someone else's, and a platform team's grant on a Meshport table.
    for (const database of ['sales_db', 'legacy_db']) {
      await lf.send(
        new GrantPermissionsCommand({
          CatalogId: '222222222222',
          Principal: { DataLakePrincipalIdentifier: IAM_ALLOWED_PRINCIPALS },
          Resource: {
            Database: { CatalogId: '222222222222', Name: database },
          },
          Permissions: ['ALL'],
        }),
      );
    }
    const analystsOnOrders = {
      CatalogId: '222222222222',
      DatabaseName: 'sales_db',
      Name: 'orders',
    };
    await lf.send(
      new GrantPermissionsCommand({
        CatalogId: '222222222222',
        Principal: { DataLakePrincipalIdentifier: ANALYSTS },
        Resource: { Table: analystsOnOrders },
        Permissions: ['SELECT'],
      }),
    );

    // moto's ListPermissions answers 500 to a Table filter: list all and filter here.
    const permissionsOnOrders = async () =>
      (
        (
          await lf.send(
            new ListPermissionsCommand({ CatalogId: '222222222222' }),
          )
        ).PrincipalResourcePermissions ?? []
      ).filter(
        p =>
          p.Resource?.Table?.DatabaseName === 'sales_db' &&
          p.Resource.Table.Name === 'orders',
      );

    const state = planAwsDesiredState(meshInput(), config, { now: NOW });
    const desired = prdOf(state);
    const first = await reconcile(config, state);
    expect(first.changes.grants.length).toBe(desired.permissions.length);
    expect(first.counts.byCommand['lakeformation:BatchGrantPermissions']).toBe(
      Math.ceil(desired.permissions.length / 20),
    );

    // Locations registered.
    const { ResourceInfoList } = await lf.send(new ListResourcesCommand({}));
    expect((ResourceInfoList ?? []).map(r => r.ResourceArn).sort()).toEqual(
      desired.resources.map(r => r.arn).sort(),
    );
    // Permissions held, read back through the SDK.
    const byPrincipal = Object.fromEntries(
      (await permissionsOnOrders()).map(p => [
        p.Principal?.DataLakePrincipalIdentifier,
        [...(p.Permissions ?? [])].sort(),
      ]),
    );
    expect(byPrincipal[CONSUMER]).toEqual(['DESCRIBE', 'SELECT']);
    expect(byPrincipal[ANALYSTS]).toEqual(['SELECT']);
    // IAMAllowedPrincipals gone from Meshport's database only.
    const iamAllowed = await lf.send(
      new ListPermissionsCommand({ CatalogId: '222222222222' }),
    );
    const allowedOn = (iamAllowed.PrincipalResourcePermissions ?? [])
      .filter(
        p =>
          p.Principal?.DataLakePrincipalIdentifier === IAM_ALLOWED_PRINCIPALS,
      )
      .map(p => p.Resource?.Database?.Name);
    expect(allowedOn).toEqual(['legacy_db']);
    // LF-tags on the table.
    const tags = await lf.send(
      new GetResourceLFTagsCommand({
        CatalogId: '222222222222',
        Resource: { Table: analystsOnOrders },
      }),
    );
    expect(
      Object.fromEntries(
        (tags.LFTagsOnTable ?? []).map(t => [t.TagKey, t.TagValues]),
      ),
    ).toMatchObject({ 'meshport:domain': ['commerce'] });

    // The grant is shown held once Lake Formation holds it.
    const api = lakeFormationApi(lf);
    const held = await readLakeFormation(api, desired, config.rolePath);
    const consumer = state.roles.find(r => r.arn === CONSUMER)!;
    expect(
      grantsHeld([consumer], desired.permissions, held.permissions).map(
        g => g.dataset,
      ),
    ).toEqual(['dataset:default/campaigns', 'dataset:default/orders']);

    // Unchanged mesh: reads only.
    const second = await reconcile(config, state);
    expect(hasChanges(second.changes)).toBe(false);
    expect(second.counts.writes).toBe(0);
    expect(
      Object.keys(second.counts.byCommand).filter(c =>
        /Grant|Revoke|Register|Create|Update|Add/.test(c),
      ),
    ).toEqual([]);

    // churn's grant on orders ends: revoked, the analysts keep theirs.
    const ended = planAwsDesiredState(
      meshInput({ grants: [grant('churn', 'campaigns', ['prd'])] }),
      config,
      { now: NOW },
    );
    const third = await reconcile(config, ended);
    expect(third.changes.revokes).toContainEqual({
      principal: CONSUMER,
      resource: {
        catalogId: '222222222222',
        database: 'sales_db',
        table: 'orders',
      },
      permissions: ['DESCRIBE', 'SELECT'],
    });
    const remaining = Object.fromEntries(
      (await permissionsOnOrders()).map(p => [
        p.Principal?.DataLakePrincipalIdentifier,
        p.Permissions,
      ]),
    );
    expect(remaining[CONSUMER]).toBeUndefined();
    expect(remaining[ANALYSTS]).toEqual(['SELECT']);
    // sales' own roles keep theirs.
    expect(
      remaining[
        'arn:aws:iam::222222222222:role/meshport/meshport-sales-prd-consumer'
      ],
    ).toBeDefined();
    lf.destroy();
    prdClients.sts.destroy();
  });

  it('reads and writes nothing in Lake Formation with credentials of another account', async () => {
    const config = configFor('111111111111');
    const state = planAwsDesiredState(meshInput(), config, { now: NOW });
    const counts = emptyCallCounts();
    await expect(reconcile(config, state, counts)).rejects.toThrow(
      'Environment prd is account 222222222222, but its credentials are of account 111111111111',
    );
    expect(
      Object.keys(counts.byCommand).filter(c => c.startsWith('lakeformation:')),
    ).toEqual([]);
  });

  it('through the provisioner: applied in the owning accounts, grants held, then nothing to do', async () => {
    const dev = { ...DEV, accountId: '300000000001' };
    const prd = { ...PRD, accountId: '300000000002' };
    const config = resolveAwsProvisionerConfig({
      endpoint: moto.endpoint,
      environments: Object.fromEntries(
        [dev, prd].map(e => [
          e.name,
          {
            accessControl: 'lake-formation',
            roleArn: `arn:aws:iam::${e.accountId}:role/meshport-provisioner`,
          },
        ]),
      ),
    });
    const environments = [dev, prd];
    // Buckets exist before Meshport (it never creates them).
    await createDataLakeBuckets(environments, config);
    const counts = emptyCallCounts();
    const provisioner = new AwsProvisioner({
      config,
      environments,
      clients: countingClients(counts),
    });
    const run = async (input: ReturnType<typeof meshInput>) => {
      const plan = await provisioner.plan(input);
      const actual = await provisioner.readActualState(plan, { deep: true });
      const operations = provisioner.diff(plan, actual);
      const results = await provisioner.apply(operations);
      return { plan, actual, operations, results };
    };

    const input = meshInput({ environments });
    const first = await run(input);
    expect(first.results.filter(r => r.status !== 'succeeded')).toEqual([]);
    const lfOperations = first.operations.filter(
      op => op.resourceType === 'lake-formation',
    );
    expect(lfOperations.length).toBeGreaterThan(0);
    expect(
      first.operations
        .filter(op => op.resourceType === 'lake-formation')
        .map(op => op.environment),
    ).toContain('prd');
    expect(await provisioner.grantsNotHeld(first.plan, input)).toEqual([]);
    // Cross-account: dev's roles are granted in prd's Lake Formation.
    const prdLf = createAwsClients(prd, config).lakeformation;
    const held = await prdLf.send(
      new ListPermissionsCommand({ CatalogId: prd.accountId }),
    );
    expect(
      (held.PrincipalResourcePermissions ?? []).map(
        p => p.Principal?.DataLakePrincipalIdentifier,
      ),
    ).toContain(
      `arn:aws:iam::${dev.accountId}:role/meshport/meshport-churn-dev-consumer`,
    );

    // dev's resource link to prd's sales_db, created in dev's account.
    const devGlue = createAwsClients(dev, config).glue;
    const link = await devGlue.send(
      new GetDatabaseCommand({ Name: 'prd_sales_db' }),
    );
    expect(link.Database?.TargetDatabase).toEqual({
      CatalogId: prd.accountId,
      DatabaseName: 'sales_db',
    });
    await expect(
      createAwsClients(prd, config).glue.send(
        new GetDatabaseCommand({ Name: 'prd_sales_db' }),
      ),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException' });
    devGlue.destroy();

    const writesBefore = counts.writes;
    const second = await run(input);
    expect(second.operations).toEqual([]);
    expect(counts.writes).toBe(writesBefore);

    // churn's grant on orders ends: revoked by a churn operation in prd.
    const ended = meshInput({
      environments,
      grants: [grant('churn', 'campaigns', ['prd'])],
    });
    const third = await run(ended);
    expect(third.results.filter(r => r.status !== 'succeeded')).toEqual([]);
    expect(
      third.operations
        .filter(op => op.resourceType === 'lake-formation')
        .map(op => [op.environment, op.dataProduct]),
    ).toContainEqual(['prd', 'dataproduct:default/churn']);
    expect(await provisioner.grantsNotHeld(third.plan, ended)).toEqual([]);
    const after = await prdLf.send(
      new ListPermissionsCommand({ CatalogId: prd.accountId }),
    );
    expect(
      (after.PrincipalResourcePermissions ?? []).filter(
        p =>
          p.Principal?.DataLakePrincipalIdentifier ===
            `arn:aws:iam::${prd.accountId}:role/meshport/meshport-churn-prd-consumer` &&
          p.Resource?.Table?.Name === 'orders',
      ),
    ).toEqual([]);
    prdLf.destroy();
  });
});
