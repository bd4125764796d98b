import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  DataProductProvisioningPlanResponse,
  ProvisioningRunDetails,
} from '@meshport/plugin-data-products-common';
import {
  datasetYaml,
  exampleInput,
  MEMBERSHIPS,
  mockContext,
  ownerPermissions,
  productYaml,
  salesProduct,
  teams,
  testEnvironments,
  writeFiles,
} from '../__testUtils__/context';
import type { ProvisioningApi } from '../lib/DataProductsBackendClient';
import { createBootstrapRolesAction } from './bootstrapRoles';
import { examples } from './bootstrapRoles.examples';

const REF = 'dataproduct:default/customer-churn';

const plan: DataProductProvisioningPlanResponse = {
  entityRef: REF,
  mode: 'plan',
  problems: [],
  provisioners: [
    {
      id: 'aws',
      filtered: true,
      resources: {
        roles: ['prd', 'dev'].flatMap(environment =>
          ['consumer', 'owner'].map(kind => ({
            name: `meshport-customer-churn-${environment}-${kind}`,
            environment,
            arn: `arn:aws:iam::111111111111:role/meshport/meshport-customer-churn-${environment}-${kind}`,
          })),
        ),
      },
      pendingOperations: [
        {
          id: 'aws:dev:create:iam-role:x',
          provisioner: 'aws',
          environment: 'dev',
          dataProduct: REF,
          action: 'create',
          resourceType: 'iam-role',
          resource: 'meshport-customer-churn-dev-consumer',
          description: 'Create IAM role',
          details: {},
        },
      ],
      problems: [
        { severity: 'warning', environment: 'dev', message: 'no grant yet' },
      ],
    },
  ],
};

function run(status: ProvisioningRunDetails['status']): ProvisioningRunDetails {
  return {
    id: 'run-1',
    trigger: 'manual',
    mode: 'plan',
    status,
    createdAt: '2026-11-21T10:00:00Z',
    operations: [],
    ...(status === 'failed' ? { error: 'aws: throttled' } : {}),
    ...(status === 'succeeded'
      ? {
          summary: {
            operations: 6,
            byAction: { create: 6 },
            byStatus: { planned: 6 },
            problems: [],
            provisioners: [{ id: 'aws', operations: 6 }],
          },
        }
      : {}),
  };
}

/** customer-churn (team-sales) in the catalog, decided like Meshport's policy. */
function services() {
  const entities = [salesProduct(), ...teams];
  return {
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    ...ownerPermissions({ entities, memberships: MEMBERSHIPS }),
  };
}

describe('meshport:roles:bootstrap', () => {
  const workspace = createMockDirectory();

  function setup(statuses: Array<ProvisioningRunDetails['status']>) {
    const provisioning = {
      preview: jest.fn(async (_entities: unknown[]) => plan),
      triggerRun: jest.fn(async (_entityRef: string) => run('queued')),
      getRun: jest.fn(async (_id: string) =>
        run(statuses.shift() ?? 'succeeded'),
      ),
    } satisfies ProvisioningApi;
    const action = createBootstrapRolesAction({
      ...services(),
      provisioning,
      environments: testEnvironments,
      waitTimeoutMs: 1_000,
      pollIntervalMs: 5,
    });
    return { action, provisioning };
  }

  beforeEach(async () => {
    workspace.clear();
    await writeFiles(workspace.path, {
      'catalog-info.yaml': `${productYaml()}---\n${datasetYaml()}`,
      'repo/catalog-info.yaml': `${productYaml()}---\n${datasetYaml()}`,
    });
  });

  it('shows the plan in a dry run and queues no run', async () => {
    const { action, provisioning } = setup([]);
    const { ctx, outputs, infos, warnings } = mockContext(
      exampleInput(examples[0]),
      { workspacePath: workspace.path, isDryRun: true },
    );
    await action.handler(ctx);
    expect(provisioning.preview).toHaveBeenCalledWith([
      expect.objectContaining({ kind: 'DataProduct' }),
      expect.objectContaining({ kind: 'Dataset' }),
    ]);
    expect(provisioning.triggerRun).not.toHaveBeenCalled();
    expect(outputs.roles.map((r: any) => r.name)).toEqual([
      'meshport-customer-churn-dev-consumer',
      'meshport-customer-churn-dev-owner',
      'meshport-customer-churn-prd-consumer',
      'meshport-customer-churn-prd-owner',
    ]);
    expect(outputs.operations).toEqual([
      'dev: create iam-role meshport-customer-churn-dev-consumer',
    ]);
    expect(outputs.runId).toBeUndefined();
    expect(infos.join('\n')).toContain(
      'dev: meshport-customer-churn-dev-owner (arn:aws:iam::111111111111:role/meshport/meshport-customer-churn-dev-owner)',
    );
    expect(warnings).toEqual(['warning: dev: no grant yet']);
  });

  it('queues a run scoped to the product and waits until it finished', async () => {
    const { action, provisioning } = setup(['queued', 'running', 'succeeded']);
    const { ctx, outputs, infos } = mockContext(exampleInput(examples[0]), {
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(provisioning.triggerRun).toHaveBeenCalledWith(REF);
    expect(provisioning.getRun).toHaveBeenCalledTimes(3);
    expect(outputs).toMatchObject({
      entityRef: REF,
      mode: 'plan',
      runId: 'run-1',
      runStatus: 'succeeded',
    });
    expect(infos.join('\n')).toContain('Run run-1 succeeded: 6 planned');
  });

  it('queues no run for a product of another team (hole 2 of issue #11)', async () => {
    const { action, provisioning } = setup([]);
    const { ctx } = mockContext(exampleInput(examples[0]), {
      workspacePath: workspace.path,
      userRef: 'user:default/marketer',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'You may not change the data product Customer churn: it is owned by Team Sales.',
    );
    expect(provisioning.triggerRun).not.toHaveBeenCalled();
  });

  it('does not queue a second run when the task is retried', async () => {
    const { action, provisioning } = setup([]);
    const checkpoints = new Map<string, unknown>();
    for (let i = 0; i < 2; i++) {
      await action.handler(
        mockContext({}, { workspacePath: workspace.path, checkpoints }).ctx,
      );
    }
    expect(provisioning.triggerRun).toHaveBeenCalledTimes(1);
  });

  it('fails when the run failed, with its error', async () => {
    const { action } = setup(['failed']);
    const { ctx } = mockContext({}, { workspacePath: workspace.path });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Provisioning run run-1 failed: aws: throttled',
    );
  });

  it('leaves a slow run going without failing the task', async () => {
    const { action } = setup(Array(1000).fill('running'));
    const { ctx, outputs, warnings } = mockContext(
      {},
      { workspacePath: workspace.path },
    );
    await action.handler(ctx);
    expect(outputs.runStatus).toBe('running');
    expect(warnings.join()).toContain('it goes on without this task');
  });

  it('does not wait when asked not to (the second example)', async () => {
    const { action, provisioning } = setup([]);
    const { ctx, outputs } = mockContext(exampleInput(examples[1]), {
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(provisioning.getRun).not.toHaveBeenCalled();
    expect(outputs.runStatus).toBe('queued');
  });

  it('refuses a file without a DataProduct', async () => {
    await writeFiles(workspace.path, { 'only.yaml': datasetYaml() });
    const { action, provisioning } = setup([]);
    const { ctx } = mockContext(
      { catalogInfoPath: 'only.yaml' },
      { workspacePath: workspace.path, isDryRun: true },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'only.yaml: declares Datasets but no DataProduct',
    );
    expect(provisioning.preview).not.toHaveBeenCalled();
  });
});
