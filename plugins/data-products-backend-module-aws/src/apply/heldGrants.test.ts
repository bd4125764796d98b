import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { LakeFormationClient } from '@aws-sdk/client-lakeformation';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveAwsProvisionerConfig } from '../config';
import { DEV, meshInput, PRD } from '../plan/__fixtures__/mesh';
import { planAwsDesiredState } from '../plan/planner';
import { AwsProvisioner } from '../provisioner';
import { FakeAws } from '../testing';
import { grantIdsNotHeld } from './heldGrants';

const NOW = new Date('2025-06-01T00:00:00Z');
const config = resolveAwsProvisionerConfig({
  environments: { prd: { accessControl: 'lake-formation' } },
});
const CONSUMER =
  'arn:aws:iam::222222222222:role/meshport/meshport-churn-prd-consumer';

describe('grantIdsNotHeld', () => {
  const input = meshInput();
  const desired = planAwsDesiredState(input, config, { now: NOW });
  const prd = desired.lakeFormation!.find(e => e.environment === 'prd')!;
  const everything = prd.permissions.map(p => ({
    principal: p.principal,
    resource: p.resource,
    permissions: p.permissions,
  }));

  it('holds no grant whose data is in a lake-formation environment until Lake Formation holds it', () => {
    // orders is granted in dev and prd, campaigns in prd: both read prd data.
    expect(grantIdsNotHeld(input.grants, desired, { prd: [] }).sort()).toEqual([
      'g-churn-campaigns-prd',
      'g-churn-orders-dev-prd',
    ]);
    expect(grantIdsNotHeld(input.grants, desired, { prd: undefined })).toEqual(
      expect.arrayContaining(['g-churn-campaigns-prd']),
    );
  });

  it('holds every grant once every planned permission is held, and not one a permission is missing from', () => {
    expect(grantIdsNotHeld(input.grants, desired, { prd: everything })).toEqual(
      [],
    );
    const withoutOrdersSelect = everything.map(p =>
      p.principal === CONSUMER && p.resource.table === 'orders'
        ? { ...p, permissions: ['DESCRIBE'] }
        : p,
    );
    expect(
      grantIdsNotHeld(input.grants, desired, { prd: withoutOrdersSelect }),
    ).toEqual(['g-churn-orders-dev-prd']);
  });

  it('says nothing about IAM-mode environments', () => {
    const iam = planAwsDesiredState(input, resolveAwsProvisionerConfig({}), {
      now: NOW,
    });
    expect(grantIdsNotHeld(input.grants, iam, {})).toEqual([]);
  });
});

describe('AwsProvisioner.grantsNotHeld', () => {
  const stubs = {
    iam: mockClient(IAMClient),
    glue: mockClient(GlueClient),
    athena: mockClient(AthenaClient),
    sts: mockClient(STSClient),
    s3: mockClient(S3Client),
    lakeformation: mockClient(LakeFormationClient),
  };
  afterAll(() => {
    for (const stub of Object.values(stubs)) stub.restore();
  });

  it('reads Lake Formation in the owning account after an apply: applied grants are held', async () => {
    // FakeAws routes by region: one per environment.
    const dev = { ...DEV, region: 'eu-west-1' };
    const prdEnv = { ...PRD, region: 'eu-central-1' };
    const cloud = new FakeAws([dev, prdEnv]);
    cloud.install(stubs);
    const provisioner = new AwsProvisioner({
      config,
      environments: [dev, prdEnv],
    });
    const input = meshInput({ environments: [dev, prdEnv] });
    const plan = await provisioner.plan(input);
    expect((await provisioner.grantsNotHeld(plan, input)).sort()).toEqual([
      'g-churn-campaigns-prd',
      'g-churn-orders-dev-prd',
    ]);

    const actual = await provisioner.readActualState(plan);
    const results = await provisioner.apply(provisioner.diff(plan, actual));
    expect(results.filter(r => r.status !== 'succeeded')).toEqual([]);
    expect(await provisioner.grantsNotHeld(plan, input)).toEqual([]);
    // Read in prd's account only.
    expect(cloud.account(DEV.accountId).lakeformation.calls).toEqual([]);
  });
});
