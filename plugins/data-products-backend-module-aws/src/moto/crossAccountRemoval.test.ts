/*
 * Cross-account reads that end, reconciled through `AwsProvisioner` against
 * moto (server mode; IAM mode): dev (account 400000000001) reads prd
 * (400000000002), then no longer does. Meshport's statements (Sid prefix
 * `Meshport`) leave prd's bucket policies, the statements it did not write
 * stay, and a policy that held only Meshport's (the Glue catalog's) is
 * deleted. moto implements GetBucketPolicy, PutBucketPolicy,
 * DeleteBucketPolicy and Glue's Get/Put/DeleteResourcePolicy.
 */
import {
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-glue';
import {
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import { createAwsClients } from '../apply/clients';
import { resolveAwsProvisionerConfig } from '../config';
import { DEV, meshInput, PRD } from '../plan/__fixtures__/mesh';
import { AwsProvisioner } from '../provisioner';
import { createDataLakeBuckets } from '../testing/buckets';
import { MotoServer, startMoto, useMotoCredentials } from '../testing/moto';

jest.setTimeout(180_000);

let moto: MotoServer;
let restoreCredentials: () => void;

beforeAll(async () => {
  restoreCredentials = useMotoCredentials();
  moto = await startMoto({ port: 7754 });
});

afterAll(async () => {
  await moto?.stop();
  restoreCredentials?.();
});

const FOREIGN = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: 'arn:aws:s3:::meshport-prd-datalake/*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

const sids = (policy: string | undefined) =>
  (JSON.parse(policy ?? '{"Statement":[]}').Statement as Array<{
    Sid?: string;
  }>).map(s => s.Sid ?? '');

describe('cross-account reads that end (moto, through the provisioner)', () => {
  it("removes Meshport's statements from prd's policies, keeps the others, deletes a policy left empty, then does nothing", async () => {
    const dev = { ...DEV, accountId: '400000000001' };
    const prd = { ...PRD, accountId: '400000000002' };
    const environments = [dev, prd];
    const config = resolveAwsProvisionerConfig({
      endpoint: moto.endpoint,
      environments: Object.fromEntries(
        environments.map(e => [
          e.name,
          { roleArn: `arn:aws:iam::${e.accountId}:role/meshport-provisioner` },
        ]),
      ),
    });
    const { s3, glue } = createAwsClients(prd, config);
    await createDataLakeBuckets(environments, config);
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'meshport-prd-datalake',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [FOREIGN] }),
      }),
    );

    const provisioner = new AwsProvisioner({ config, environments });
    const run = async (input: ReturnType<typeof meshInput>) => {
      const plan = await provisioner.plan(input);
      const actual = await provisioner.readActualState(plan, { deep: true });
      const operations = provisioner.diff(plan, actual);
      const results = await provisioner.apply(operations);
      expect(results.filter(r => r.status !== 'succeeded')).toEqual([]);
      return operations;
    };
    const datalakePolicy = async () =>
      (
        await s3.send(
          new GetBucketPolicyCommand({ Bucket: 'meshport-prd-datalake' }),
        )
      ).Policy;

    await run(meshInput({ environments }));
    expect(sids(await datalakePolicy())).toEqual(
      expect.arrayContaining([
        'DenyInsecureTransport',
        'MeshportDevReadObjects',
        'MeshportDevList',
      ]),
    );
    expect(
      (await glue.send(new GetResourcePolicyCommand({}))).PolicyInJson,
    ).toContain('MeshportDevReadCatalog');

    // dev no longer reads prd.
    const apart = [{ ...dev, readsFrom: [] }, prd];
    const ended = await run(meshInput({ environments: apart }));
    expect(
      ended
        .filter(op => op.resourceType !== 'iam-role')
        .filter(op => /policy$/.test(op.resourceType))
        .map(op => [op.resourceType, op.resource, op.description]),
    ).toEqual(
      expect.arrayContaining([
        [
          's3-bucket-policy',
          'meshport-prd-datalake',
          "Remove Meshport's cross-account read statements (no reader left) from the bucket policy of meshport-prd-datalake in prd",
        ],
        [
          'glue-catalog-policy',
          'arn:aws:glue:eu-west-1:400000000002:catalog',
          "Remove Meshport's cross-account read statements (no reader left) from the Glue catalog policy in prd",
        ],
      ]),
    );
    // The statement Meshport did not write is all that is left.
    expect(JSON.parse((await datalakePolicy())!).Statement).toEqual([FOREIGN]);
    // The catalog policy held only Meshport's: deleted (AWS answers
    // EntityNotFoundException, moto an empty answer).
    const catalogPolicy = await glue
      .send(new GetResourcePolicyCommand({}))
      .catch(error => {
        if (error.name !== 'EntityNotFoundException') throw error;
        return { PolicyInJson: undefined };
      });
    expect(catalogPolicy.PolicyInJson).toBeUndefined();

    // Converged: nothing more to remove.
    const again = await run(meshInput({ environments: apart }));
    expect(again.filter(op => /policy$/.test(op.resourceType))).toEqual([]);

    // A foreign catalog policy with a stale Meshport statement keeps the foreign one.
    await glue.send(
      new PutResourcePolicyCommand({
        PolicyInJson: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AnalystsRead',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::400000000009:root' },
              Action: 'glue:GetTable',
              Resource: 'arn:aws:glue:eu-west-1:400000000002:catalog',
            },
            {
              Sid: 'MeshportTestReadCatalog',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::400000000003:root' },
              Action: 'glue:GetTable',
              Resource: 'arn:aws:glue:eu-west-1:400000000002:catalog',
            },
          ],
        }),
      }),
    );
    await run(meshInput({ environments: apart }));
    expect(
      sids((await glue.send(new GetResourcePolicyCommand({}))).PolicyInJson),
    ).toEqual(['AnalystsRead']);
    s3.destroy();
    glue.destroy();
  });
});
