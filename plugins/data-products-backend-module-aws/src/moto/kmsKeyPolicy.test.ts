/*
 * KMS key policies of SSE-KMS buckets (`bucketKmsKeys`) for cross-account
 * reads (IAM mode), reconciled through `AwsProvisioner` against moto (server
 * mode) with the real `@aws-sdk/client-kms`: dev (account 400000000011)
 * reads prd (400000000012), whose data lake bucket is encrypted with a key
 * of prd. Meshport's statement goes into the key policy in prd's account
 * with prd's credentials, the key's own statements stay; the policy written
 * is judged with @cloud-copilot/iam-simulate: dev's consumer role may
 * decrypt through S3, an unrelated role of dev's account may not.
 */
import { CreateKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { createAwsClients } from '../apply/clients';
import { resolveAwsProvisionerConfig } from '../config';
import { DEV, meshInput, PRD } from '../plan/__fixtures__/mesh';
import { AwsProvisioner } from '../provisioner';
import { createDataLakeBuckets } from '../testing/buckets';
import { simulate } from '../testing/__testUtils__/simulate';
import { MotoServer, startMoto, useMotoCredentials } from '../testing/moto';

jest.setTimeout(180_000);

let moto: MotoServer;
let restoreCredentials: () => void;

beforeAll(async () => {
  restoreCredentials = useMotoCredentials();
  moto = await startMoto({ port: 7756 });
});

afterAll(async () => {
  await moto?.stop();
  restoreCredentials?.();
});

const dev = { ...DEV, accountId: '400000000011' };
const prd = { ...PRD, accountId: '400000000012' };
const environments = [dev, prd];
const provisioners = (extra: Record<string, unknown> = {}) =>
  resolveAwsProvisionerConfig({
    endpoint: moto.endpoint,
    environments: Object.fromEntries(
      environments.map(e => [
        e.name,
        {
          roleArn: `arn:aws:iam::${e.accountId}:role/meshport-provisioner`,
          ...(extra[e.name] as object),
        },
      ]),
    ),
  });

async function decrypts(
  principal: string,
  identityPolicies: Array<{ name: string; policy: unknown }>,
  keyPolicy: unknown,
  key: string,
  principalTags: Record<string, string>,
): Promise<string> {
  return simulate({
    principal,
    identityPolicies,
    resourcePolicy: keyPolicy,
    action: 'kms:Decrypt',
    resource: key,
    resourceAccount: prd.accountId,
    contextVariables: {
      'kms:ViaService': 's3.eu-west-1.amazonaws.com',
      ...principalTags,
    },
  });
}

describe('KMS key policies for cross-account reads (moto, through the provisioner)', () => {
  it("adds Meshport's statement to the key policy in the key owner's account, keeps the key's own, admits dev's consumer only, then writes nothing", async () => {
    const { kms } = createAwsClients(prd, provisioners());
    const { KeyMetadata } = await kms!.send(
      new CreateKeyCommand({ Description: 'prd data lake' }),
    );
    const key = KeyMetadata!.Arn!;
    expect(key).toContain(`:${prd.accountId}:key/`);
    const before = JSON.parse(
      (
        await kms!.send(
          new GetKeyPolicyCommand({ KeyId: key, PolicyName: 'default' }),
        )
      ).Policy!,
    );
    const config = provisioners({ prd: { bucketKmsKeys: { datalake: key } } });
    await createDataLakeBuckets(environments, config);
    const provisioner = new AwsProvisioner({ config, environments });
    const run = async () => {
      const plan = await provisioner.plan(meshInput({ environments }));
      const actual = await provisioner.readActualState(plan, { deep: true });
      const operations = provisioner.diff(plan, actual);
      const results = await provisioner.apply(operations);
      expect(results.filter(r => r.status !== 'succeeded')).toEqual([]);
      return { plan, operations };
    };

    const first = await run();
    expect(
      first.operations
        .filter(op => op.resourceType === 'kms-key-policy')
        .map(op => [op.environment, op.resource, op.description]),
    ).toEqual([
      [
        'prd',
        key,
        `Add Meshport's cross-account read statements (for dev) to the key policy of ${key} in prd`,
      ],
    ]);
    const written = JSON.parse(
      (
        await kms!.send(
          new GetKeyPolicyCommand({ KeyId: key, PolicyName: 'default' }),
        )
      ).Policy!,
    );
    // The key's own statements first, as found; then Meshport's.
    expect(written.Statement.slice(0, before.Statement.length)).toEqual(
      before.Statement,
    );
    expect(written.Statement.map((s: { Sid?: string }) => s.Sid)).toContain(
      'MeshportDevDecrypt',
    );

    // The policy as written: dev's consumer (its own IAM policies, its
    // Meshport tags) decrypts through S3; an unrelated role of dev's
    // account, allowed everything by IAM, does not.
    const consumer = first.plan.desired.roles.find(
      r =>
        r.environment === 'dev' &&
        r.kind === 'consumer' &&
        r.dataProduct === 'dataproduct:default/churn',
    )!;
    const identity = [...consumer.inlinePolicies, ...consumer.managedPolicies]
      .map(p => ({ name: p.name, policy: p.document }));
    const tags = {
      'aws:PrincipalTag/meshport:managed': 'true',
      'aws:PrincipalTag/meshport:environment': 'dev',
    };
    expect(await decrypts(consumer.arn, identity, written, key, tags)).toBe(
      'Allowed',
    );
    const analyst = `arn:aws:iam::${dev.accountId}:role/analyst`;
    const everything = [
      {
        name: 'all',
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }],
        },
      },
    ];
    expect(await decrypts(analyst, everything, written, key, {})).not.toBe(
      'Allowed',
    );

    // Converged: no key policy operation on the next run.
    const second = await run();
    expect(
      second.operations.filter(op => op.resourceType === 'kms-key-policy'),
    ).toEqual([]);
    kms!.destroy();
  });
});
