/*
 * Cross-account reads applied against moto (server mode): dev (account
 * 111111111111) reads prd (account 222222222222). The bucket and Glue
 * catalog policies are written in prd with prd's credentials, the Athena
 * data catalog in dev with dev's.
 */
import {
  GetDataCatalogCommand,
  ListDataCatalogsCommand,
} from '@aws-sdk/client-athena';
import { GetResourcePolicyCommand } from '@aws-sdk/client-glue';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { createAwsClients } from '../apply/clients';
import { applyCrossAccount } from '../apply/crossAccount';
import { AwsProvisionerConfig, resolveAwsProvisionerConfig } from '../config';
import { meshInput } from '../plan/__fixtures__/mesh';
import { planAwsDesiredState } from '../plan/planner';
import { MotoServer, startMoto, useMotoCredentials } from '../testing/moto';

jest.setTimeout(120_000);

let moto: MotoServer;
let restoreCredentials: () => void;

beforeAll(async () => {
  restoreCredentials = useMotoCredentials();
  moto = await startMoto({ port: 7700 });
});

afterAll(async () => {
  await moto?.stop();
  restoreCredentials?.();
});

const NOW = new Date('2025-06-01T00:00:00Z');

function configFor(accountOf: Record<string, string>): AwsProvisionerConfig {
  return resolveAwsProvisionerConfig({
    endpoint: moto.endpoint,
    environments: Object.fromEntries(
      Object.entries(accountOf).map(([name, accountId]) => [
        name,
        { roleArn: `arn:aws:iam::${accountId}:role/meshport-provisioner` },
      ]),
    ),
  });
}

const FOREIGN = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: 'arn:aws:s3:::meshport-prd-datalake/*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('cross-account reads applied against moto', () => {
  it('writes producer policies in prd and the Athena catalog in dev, keeps others’ statements, then writes nothing', async () => {
    const config = configFor({ dev: '111111111111', prd: '222222222222' });
    const state = planAwsDesiredState(meshInput(), config, { now: NOW });
    const clientsOf = (environment: MeshportEnvironment) =>
      createAwsClients(environment, config);
    const [dev, prd] = state.environments;
    const prdClients = clientsOf(prd);
    const devClients = clientsOf(dev);
    for (const bucket of ['meshport-prd-datalake', 'meshport-prd-archive']) {
      await prdClients.s3.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
    }
    await prdClients.s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'meshport-prd-datalake',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [FOREIGN] }),
      }),
    );

    const first = await applyCrossAccount(state, clientsOf);
    expect(
      first.map(r => [r.environment, r.kind, r.resource, r.outcome]),
    ).toEqual([
      ['prd', 's3-bucket-policy', 'meshport-prd-archive', 'written'],
      ['prd', 's3-bucket-policy', 'meshport-prd-datalake', 'written'],
      [
        'prd',
        'glue-catalog-policy',
        'arn:aws:glue:eu-west-1:222222222222:catalog',
        'written',
      ],
      ['dev', 'athena-data-catalog', 'meshport-prd', 'written'],
    ]);

    const bucketPolicy = JSON.parse(
      (
        await prdClients.s3.send(
          new GetBucketPolicyCommand({ Bucket: 'meshport-prd-datalake' }),
        )
      ).Policy!,
    );
    const sids = bucketPolicy.Statement.map((s: any) => s.Sid);
    expect(sids).toEqual([
      'DenyInsecureTransport',
      'MeshportDevReadObjects',
      'MeshportDevList',
      'MeshportDevLocate',
    ]);
    const glue = JSON.parse(
      (await prdClients.glue.send(new GetResourcePolicyCommand({})))
        .PolicyInJson!,
    );
    expect(glue.Statement[0]).toMatchObject({
      Sid: 'MeshportDevReadCatalog',
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': '111111111111' },
      },
    });
    const { DataCatalog } = await devClients.athena.send(
      new GetDataCatalogCommand({ Name: 'meshport-prd' }),
    );
    expect(DataCatalog).toMatchObject({
      Name: 'meshport-prd',
      Type: 'GLUE',
      Parameters: { 'catalog-id': '222222222222' },
    });
    // The catalog lives in dev's account only.
    const prdCatalogs = await prdClients.athena.send(
      new ListDataCatalogsCommand({}),
    );
    expect(
      (prdCatalogs.DataCatalogsSummary ?? []).map(c => c.CatalogName),
    ).not.toContain('meshport-prd');

    const second = await applyCrossAccount(state, clientsOf);
    expect(second.every(r => r.outcome === 'unchanged')).toBe(true);
  });

  it('writes nothing with credentials of another account, and says so', async () => {
    const config = configFor({ dev: '111111111111', prd: '111111111111' });
    const state = planAwsDesiredState(meshInput(), config, { now: NOW });
    const results = await applyCrossAccount(state, environment =>
      createAwsClients(environment, config),
    );
    const prdResults = results.filter(r => r.environment === 'prd');
    expect(prdResults.length).toBeGreaterThan(0);
    for (const result of prdResults) {
      expect(result.outcome).toBe('failed');
      expect(result.message).toContain(
        'Environment prd is account 222222222222, but its credentials are of account 111111111111',
      );
    }
  });
});
