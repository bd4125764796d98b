/*
 * What Meshport no longer wants, removed from Lake Formation, against moto
 * (server mode) through the real `@aws-sdk/client-lakeformation` client with
 * prd's own credentials. moto implements every call of the removal:
 * DeregisterResource, RemoveLFTagsFromResource, UpdateLFTag
 * (TagValuesToDelete) and DeleteLFTag.
 *
 * Meshport's are: locations under prd's data lake buckets registered with
 * the role Meshport registers with (here none: the service-linked role), and
 * the `meshport:*` LF-tag keys, their values and their assignments. A
 * platform team's location (another role), a location in another bucket and
 * a tag key of theirs are never touched.
 */
import {
  AddLFTagsToResourceCommand,
  CreateLFTagCommand,
  GetResourceLFTagsCommand,
  LakeFormationClient,
  ListLFTagsCommand,
  ListResourcesCommand,
  RegisterResourceCommand,
} from '@aws-sdk/client-lakeformation';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { AwsClientCache, createAwsClients } from '../apply/clients';
import { applyLakeFormation, readLakeFormation } from '../apply/lakeFormation';
import { diffLakeFormation, hasChanges } from '../apply/lakeFormationDiff';
import { lakeFormationApi } from '../apply/lakeFormationClient';
import { AwsProvisionerConfig, resolveAwsProvisionerConfig } from '../config';
import type { AwsDesiredState } from '../model';
import { meshInput, PRD, product } from '../plan/__fixtures__/mesh';
import { planAwsDesiredState } from '../plan/planner';
import { MotoServer, startMoto, useMotoCredentials } from '../testing/moto';

jest.setTimeout(120_000);

let moto: MotoServer;
let restoreCredentials: () => void;

beforeAll(async () => {
  restoreCredentials = useMotoCredentials();
  moto = await startMoto({ port: 7752 });
});

afterAll(async () => {
  await moto?.stop();
  restoreCredentials?.();
});

const NOW = new Date('2025-06-01T00:00:00Z');
const ACCOUNT = '222222222222';
const THEIR_ROLE = `arn:aws:iam::${ACCOUNT}:role/analysts-lf-registration`;
const THEIR_LOCATION = 'arn:aws:s3:::meshport-prd-datalake/analysts/adhoc';
const OTHER_BUCKET = 'arn:aws:s3:::analytics-scratch/tmp';
const CAMPAIGNS = 'arn:aws:s3:::meshport-prd-datalake/marketing/campaigns';
const ORDERS = { CatalogId: ACCOUNT, DatabaseName: 'sales_db', Name: 'orders' };

function config(): AwsProvisionerConfig {
  return resolveAwsProvisionerConfig({
    endpoint: moto.endpoint,
    environments: {
      prd: {
        accessControl: 'lake-formation',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/meshport-provisioner`,
      },
    },
  });
}

const prdOf = (state: AwsDesiredState) =>
  state.lakeFormation!.find(e => e.environment === 'prd')!;

async function reconcile(state: AwsDesiredState) {
  const cache = new AwsClientCache(config());
  try {
    const clients = await cache.verified(PRD);
    const api = lakeFormationApi(clients.lakeformation);
    const desired = prdOf(state);
    const actual = await readLakeFormation(api, desired, config().rolePath);
    const changes = diffLakeFormation(desired, actual);
    await applyLakeFormation(api, changes);
    return changes;
  } finally {
    cache.destroy();
  }
}

async function registered(lf: LakeFormationClient) {
  const { ResourceInfoList } = await lf.send(new ListResourcesCommand({}));
  return (ResourceInfoList ?? []).map(r => r.ResourceArn).sort();
}

async function tagKeys(lf: LakeFormationClient) {
  const { LFTags } = await lf.send(new ListLFTagsCommand({}));
  return Object.fromEntries(
    (LFTags ?? []).map(t => [t.TagKey, [...(t.TagValues ?? [])].sort()]),
  );
}

async function ordersTags(lf: LakeFormationClient) {
  const found = await lf.send(
    new GetResourceLFTagsCommand({
      CatalogId: ACCOUNT,
      Resource: { Table: ORDERS },
    }),
  );
  return Object.fromEntries(
    (found.LFTagsOnTable ?? []).map(t => [t.TagKey, t.TagValues ?? []]),
  ) as Record<string, string[]>;
}

describe('Lake Formation: what Meshport no longer wants is removed (moto)', () => {
  it("deregisters Meshport's unused locations, removes its stale tag assignments, values and keys, and keeps everyone else's", async () => {
    const clients = createAwsClients(PRD as MeshportEnvironment, config());
    const lf = clients.lakeformation;
    // A platform team's own location in Meshport's bucket (their role), one
    // in their own bucket, and their own LF-tag on a Meshport table.
    await lf.send(
      new RegisterResourceCommand({
        ResourceArn: THEIR_LOCATION,
        RoleArn: THEIR_ROLE,
      }),
    );
    await lf.send(
      new RegisterResourceCommand({
        ResourceArn: OTHER_BUCKET,
        UseServiceLinkedRole: true,
      }),
    );
    await lf.send(
      new CreateLFTagCommand({ TagKey: 'team:cost-centre', TagValues: ['c1'] }),
    );

    const before = planAwsDesiredState(
      meshInput({
        products: [
          product('sales'),
          product('marketing', { domain: 'Marketing' }),
          product('churn'),
        ],
      }),
      config(),
      { now: NOW },
    );
    await reconcile(before);
    // Lake Formation adds to a resource's tags; moto replaces them, so the
    // platform team's tag is sent with those Meshport set.
    const meshportOnOrders = Object.entries(await ordersTags(lf)).map(
      ([TagKey, TagValues]) => ({ CatalogId: ACCOUNT, TagKey, TagValues }),
    );
    await lf.send(
      new AddLFTagsToResourceCommand({
        CatalogId: ACCOUNT,
        Resource: { Table: ORDERS },
        LFTags: [
          ...meshportOnOrders,
          { CatalogId: ACCOUNT, TagKey: 'team:cost-centre', TagValues: ['c1'] },
        ],
      }),
    );
    expect(await registered(lf)).toContain(CAMPAIGNS);
    expect((await tagKeys(lf))['meshport:domain']).toEqual([
      'commerce',
      'marketing',
    ]);
    expect(await ordersTags(lf)).toMatchObject({
      'meshport:domain': ['commerce'],
      'team:cost-centre': ['c1'],
    });

    // The campaigns dataset is gone (so is marketing's domain value), and
    // sales no longer names a domain.
    const input = meshInput();
    const after = planAwsDesiredState(
      {
        ...input,
        products: [
          product('sales', { domain: undefined }),
          product('marketing', { domain: 'Marketing' }),
          product('churn'),
        ],
        datasets: input.datasets.filter(d => d.metadata.name !== 'campaigns'),
        grants: [],
      },
      config(),
      { now: NOW },
    );
    const changes = await reconcile(after);
    expect(changes.deregister).toEqual([CAMPAIGNS]);
    // marketing's domain, and the access level only campaigns had.
    expect(
      [...changes.deleteTagValues!].sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { key: 'meshport:access', values: ['unrestricted'] },
      { key: 'meshport:domain', values: ['marketing'] },
    ]);

    // Meshport's location is gone; theirs are registered still.
    const locations = await registered(lf);
    expect(locations).not.toContain(CAMPAIGNS);
    expect(locations).toEqual(
      expect.arrayContaining([THEIR_LOCATION, OTHER_BUCKET]),
    );
    expect(locations).toEqual(
      [...prdOf(after).resources.map(r => r.arn), THEIR_LOCATION, OTHER_BUCKET]
        .sort(),
    );
    // The stale value is deleted, their tag key is untouched.
    const keys = await tagKeys(lf);
    expect(keys['meshport:domain']).toEqual(['commerce']);
    expect(keys['team:cost-centre']).toEqual(['c1']);
    // orders no longer carries meshport:domain; their tag stays.
    const tags = await ordersTags(lf);
    expect(tags['meshport:domain']).toBeUndefined();
    expect(tags['team:cost-centre']).toEqual(['c1']);
    expect(tags['meshport:access']).toEqual(['restricted']);

    // Converged: nothing more to remove or write.
    const again = await reconcile(after);
    expect(hasChanges(again)).toBe(false);

    // No Meshport product names a domain any more: the key itself goes.
    const noDomain = planAwsDesiredState(
      {
        ...input,
        products: input.products.map(p =>
          product(p.metadata.name, { ...p.spec, domain: undefined }),
        ),
        grants: [],
      },
      config(),
      { now: NOW },
    );
    const dropped = await reconcile(noDomain);
    expect(dropped.deleteTags).toEqual(['meshport:domain']);
    const left = await tagKeys(lf);
    expect(left['meshport:domain']).toBeUndefined();
    expect(left['team:cost-centre']).toEqual(['c1']);
    lf.destroy();
    clients.sts.destroy();
  });
});
