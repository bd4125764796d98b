import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  dataProductsProvisionersExtensionPoint,
  dataProductsSliCollectorsExtensionPoint,
  dataProductsUsageCollectorsExtensionPoint,
  PlatformProvisioner,
  SliCollector,
  UsageCollector,
} from '@meshport/plugin-data-products-node';
import { dataProductsModuleAws } from './module';
import { meshInput } from './plan/__fixtures__/mesh';

const environments = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-dev-datalake' } },
    readsFrom: [],
  },
];

/** The SLI collectors the module registered in the last start. */
let sliCollectors: SliCollector[] = [];
/** The usage collectors the module registered in the last start. */
let usageCollectors: UsageCollector[] = [];

async function startWithConfig(data: object) {
  const provisioners: PlatformProvisioner[] = [];
  sliCollectors = [];
  usageCollectors = [];
  const dataProducts = createBackendPlugin({
    pluginId: 'data-products',
    register(reg) {
      reg.registerExtensionPoint(dataProductsProvisionersExtensionPoint, {
        addProvisioner: p => provisioners.push(p),
      });
      reg.registerExtensionPoint(dataProductsSliCollectorsExtensionPoint, {
        addSliCollector: c => sliCollectors.push(c),
      });
      reg.registerExtensionPoint(dataProductsUsageCollectorsExtensionPoint, {
        addUsageCollector: c => usageCollectors.push(c),
      });
      reg.registerInit({ deps: {}, async init() {} });
    },
  });
  await startTestBackend({
    features: [
      dataProducts,
      dataProductsModuleAws,
      mockServices.rootConfig.factory({ data }),
    ],
  });
  return provisioners;
}

describe('dataProductsModuleAws', () => {
  it('registers the AWS provisioner, which plans from its input', async () => {
    const [aws] = await startWithConfig({
      meshport: { environments, aws: { rolePrefix: 'mp' } },
    });
    expect(aws.id).toBe('aws');
    const plan = await aws.plan({ ...meshInput(), environments });
    expect(plan.provisioner).toBe('aws');
    expect((plan.desired as any).roles.map((r: any) => r.name)).toContain(
      'mp-churn-dev-consumer',
    );
    expect(aws.renderTerraform?.(plan)).toHaveProperty('resource.aws_iam_role');
    expect(usageCollectors.map(c => c.id)).toEqual(['aws-athena']);
    // reading, diffing and applying against AWS are covered through the same
    // provisioner class in apply/reconcile.test.ts, on a stateful fake IAM
  });

  it('reports invalid config with the key at startup', async () => {
    await expect(
      startWithConfig({
        meshport: { environments, aws: { maxManagedPoliciesPerRole: 30 } },
      }),
    ).rejects.toThrow('meshport.aws.maxManagedPoliciesPerRole');
  });

  it('registers the Glue SLI collector on the production environment', async () => {
    await startWithConfig({
      meshport: {
        environments: [
          { ...environments[0], readsFrom: ['prd'] },
          {
            name: 'prd',
            accountId: '222222222222',
            region: 'eu-west-1',
            buckets: { datalake: { name: 'meshport-prd-datalake' } },
            readsFrom: [],
          },
        ],
      },
    });
    expect(sliCollectors.map(c => c.id)).toEqual(['aws-glue']);
    expect((sliCollectors[0] as any).options.environment.name).toBe('prd');
  });

  it('names an unknown SLI collector environment at startup', async () => {
    await expect(
      startWithConfig({
        meshport: {
          environments,
          aws: { sliCollector: { environment: 'qa' } },
        },
      }),
    ).rejects.toThrow(
      'Invalid config at \'meshport.aws.sliCollector.environment\': unknown environment "qa" (configured: dev)',
    );
  });
});
