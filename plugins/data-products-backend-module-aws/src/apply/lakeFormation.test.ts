/*
 * Reconciling Lake Formation against a stateful fake at the SDK boundary
 * (src/testing/FakeLakeFormation.ts): paging, batch limits of 20, per-entry
 * failures and cross-account version 4, which moto does not model. The same
 * reconcile runs against moto through the real SDK client in
 * src/moto/lakeFormation.test.ts.
 */
import { resolveAwsProvisionerConfig } from '../config';
import type { AwsDesiredState } from '../model';
import { grant, meshInput } from '../plan/__fixtures__/mesh';
import { planAwsDesiredState } from '../plan/planner';
import { FakeLakeFormation } from '../testing/FakeLakeFormation';
import { applyLakeFormation, readLakeFormation } from './lakeFormation';
import {
  diffLakeFormation,
  grantsHeld,
  hasChanges,
} from './lakeFormationDiff';
import { IAM_ALLOWED_PRINCIPALS } from './lakeFormationSdk';

const NOW = new Date('2025-06-01T00:00:00Z');
const lf = { accessControl: 'lake-formation' };
const config = resolveAwsProvisionerConfig({
  environments: { dev: lf, prd: lf },
});
const plan = (overrides: Parameters<typeof meshInput>[0] = {}) =>
  planAwsDesiredState(meshInput(overrides), config, { now: NOW });
const prdOf = (state: AwsDesiredState) =>
  state.lakeFormation!.find(e => e.environment === 'prd')!;

async function reconcile(fake: FakeLakeFormation, state: AwsDesiredState) {
  const desired = prdOf(state);
  const actual = await readLakeFormation(fake, desired, config.rolePath);
  const changes = diffLakeFormation(desired, actual);
  await applyLakeFormation(fake, changes);
  return changes;
}

const CONSUMER =
  'arn:aws:iam::222222222222:role/meshport/meshport-churn-prd-consumer';

describe('Lake Formation reconcile (stateful fake at the SDK boundary)', () => {
  it('registers, tags and grants everything planned, then converges with no write', async () => {
    const fake = new FakeLakeFormation('222222222222', 7);
    const state = plan();
    const desired = prdOf(state);
    await reconcile(fake, state);
    expect([...fake.resources.keys()].sort()).toEqual(
      desired.resources.map(r => r.arn),
    );
    expect(fake.tags.get('meshport:domain')).toEqual(new Set(['commerce']));
    expect(
      fake.permissions.get(`${CONSUMER}\n222222222222:sales_db.orders`)
        ?.permissions,
    ).toEqual(new Set(['DESCRIBE', 'SELECT']));
    // Batches of at most 20 (the fake refuses more).
    expect(
      fake.calls.filter(c => c.command === 'BatchGrantPermissions').length,
    ).toBe(Math.ceil(desired.permissions.length / 20));

    const writesBefore = fake.writes().length;
    const second = await reconcile(fake, state);
    expect(hasChanges(second)).toBe(false);
    expect(fake.writes().length).toBe(writesBefore);
  });

  it('revokes a grant that ended, and leaves grants Meshport did not make', async () => {
    const fake = new FakeLakeFormation('222222222222');
    await reconcile(fake, plan());
    const platformGrant = {
      Principal: {
        DataLakePrincipalIdentifier: 'arn:aws:iam::222222222222:role/analysts',
      },
      Resource: {
        Table: {
          CatalogId: '222222222222',
          DatabaseName: 'sales_db',
          Name: 'orders',
        },
      },
      Permissions: ['SELECT'],
    };
    fake.grant(platformGrant);

    // churn's grant on orders ends: only its campaigns grant remains.
    const ended = plan({ grants: [grant('churn', 'campaigns', ['prd'])] });
    const changes = await reconcile(fake, ended);
    expect(changes.revokes).toContainEqual({
      principal: CONSUMER,
      resource: {
        catalogId: '222222222222',
        database: 'sales_db',
        table: 'orders',
      },
      permissions: ['DESCRIBE', 'SELECT'],
    });
    expect(
      fake.permissions.has(`${CONSUMER}\n222222222222:sales_db.orders`),
    ).toBe(false);
    expect(
      fake.permissions.get(
        'arn:aws:iam::222222222222:role/analysts\n222222222222:sales_db.orders',
      )?.permissions,
    ).toEqual(new Set(['SELECT']));
  });

  it("revokes IAMAllowedPrincipals on Meshport's databases, not on others", async () => {
    const fake = new FakeLakeFormation('222222222222');
    for (const database of ['sales_db', 'legacy_db']) {
      fake.grant({
        Principal: { DataLakePrincipalIdentifier: IAM_ALLOWED_PRINCIPALS },
        Resource: { Database: { CatalogId: '222222222222', Name: database } },
        Permissions: ['ALL'],
      });
    }
    await reconcile(fake, plan());
    expect(
      fake.permissions.has(`${IAM_ALLOWED_PRINCIPALS}\n222222222222:sales_db`),
    ).toBe(false);
    expect(
      fake.permissions.has(`${IAM_ALLOWED_PRINCIPALS}\n222222222222:legacy_db`),
    ).toBe(true);
  });

  it('adds new tag values to an existing LF-tag instead of failing, then drops the value no longer planned', async () => {
    const fake = new FakeLakeFormation('222222222222');
    await fake.createLFTag({
      CatalogId: '222222222222',
      TagKey: 'meshport:domain',
      TagValues: ['finance'],
    });
    await reconcile(fake, plan());
    const updates = fake.calls
      .filter(c => c.command === 'UpdateLFTag')
      .map(c => c.input);
    // Added first (the key must keep a value), the stale one removed after.
    expect(updates).toEqual([
      {
        CatalogId: '222222222222',
        TagKey: 'meshport:domain',
        TagValuesToAdd: ['commerce'],
      },
      {
        CatalogId: '222222222222',
        TagKey: 'meshport:domain',
        TagValuesToDelete: ['finance'],
      },
    ]);
    expect(fake.tags.get('meshport:domain')).toEqual(new Set(['commerce']));
  });

  it('keeps what another environment of the same account plans', async () => {
    const fake = new FakeLakeFormation('222222222222');
    const state = plan();
    const desired = prdOf(state);
    await applyLakeFormation(
      fake,
      diffLakeFormation(desired, await readLakeFormation(fake, desired, '/meshport/')),
    );
    // The same account's other environment plans none of prd's datasets.
    const other = {
      ...desired,
      environment: 'prd-eu',
      resources: [],
      lfTags: [],
      resourceTags: [],
    };
    const without = prdOf(plan({ datasets: [] }));
    const held = await readLakeFormation(fake, without, '/meshport/');
    // Alone in its account, prd would remove them all.
    const alone = diffLakeFormation(without, held);
    expect(alone.deregister).toEqual(desired.resources.map(r => r.arn));
    expect(alone.deleteTags).toEqual([
      'meshport:access',
      'meshport:classification',
      'meshport:domain',
    ]);
    const changes = diffLakeFormation(without, held, [
      other,
      { ...desired, environment: 'prd-us' },
    ]);
    expect(changes.deregister).toEqual([]);
    expect(changes.deleteTags).toEqual([]);
    expect(changes.deleteTagValues).toEqual([]);
  });

  it('shows a grant as held only once Lake Formation holds every planned permission', async () => {
    const fake = new FakeLakeFormation('222222222222');
    const state = plan();
    const desired = prdOf(state);
    const consumer = state.roles.find(r => r.arn === CONSUMER)!;
    const before = await readLakeFormation(fake, desired, config.rolePath);
    expect(
      grantsHeld([consumer], desired.permissions, before.permissions),
    ).toEqual([]);

    await reconcile(fake, state);
    const after = await readLakeFormation(fake, desired, config.rolePath);
    expect(
      grantsHeld([consumer], desired.permissions, after.permissions),
    ).toEqual([
      {
        role: consumer.name,
        dataset: 'dataset:default/campaigns',
        environment: 'prd',
      },
      {
        role: consumer.name,
        dataset: 'dataset:default/orders',
        environment: 'prd',
      },
    ]);

    // Someone revokes SELECT on orders by hand: no longer held.
    await fake.batchRevokePermissions({
      CatalogId: '222222222222',
      Entries: [
        {
          Principal: { DataLakePrincipalIdentifier: CONSUMER },
          Resource: {
            Table: {
              CatalogId: '222222222222',
              DatabaseName: 'sales_db',
              Name: 'orders',
            },
          },
          Permissions: ['SELECT'],
        },
      ],
    });
    const revoked = await readLakeFormation(fake, desired, config.rolePath);
    expect(
      grantsHeld([consumer], desired.permissions, revoked.permissions).map(
        g => g.dataset,
      ),
    ).toEqual(['dataset:default/campaigns']);
  });

  it('says when other accounts read but cross-account version 4 is not set', async () => {
    const fake = new FakeLakeFormation('222222222222');
    const desired = prdOf(plan());
    const actual = await readLakeFormation(fake, desired, config.rolePath);
    expect(diffLakeFormation(desired, actual).crossAccountVersionMissing).toBe(
      true,
    );
    fake.parameters = { CROSS_ACCOUNT_VERSION: '4' };
    const set = await readLakeFormation(fake, desired, config.rolePath);
    expect(diffLakeFormation(desired, set).crossAccountVersionMissing).toBe(
      false,
    );
  });
});
