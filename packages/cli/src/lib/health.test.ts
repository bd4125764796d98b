import type {
  DataProductProvisioningPlanResponse,
  ProvisioningRunDetails,
} from '@meshport/plugin-data-products-common';
import { assessProductHealth, ProductHealthInput } from './health';

const PRODUCT = 'dataproduct:default/web-orders';
const ROLE_ARN =
  'arn:aws:iam::111111111111:role/meshport/meshport-web-orders-dev-owner';

function plan(
  overrides: Partial<DataProductProvisioningPlanResponse> = {},
  pending: Array<{ id: string; action: 'create' | 'update' | 'delete' }> = [],
): DataProductProvisioningPlanResponse {
  return {
    entityRef: PRODUCT,
    mode: 'plan',
    problems: [],
    provisioners: [
      {
        id: 'aws',
        filtered: true,
        problems: [],
        resources: {
          roles: [
            {
              name: 'meshport-web-orders-dev-owner',
              arn: ROLE_ARN,
              environment: 'dev',
              managedPolicies: [],
              inlinePolicies: [{ name: 'inline' }],
            },
          ],
          glueDatabases: [
            { environment: 'prd', name: 'web_orders', arn: 'arn:glue:prd' },
          ],
          workgroups: [],
        },
        pendingOperations: pending.map(p => ({
          id: p.id,
          provisioner: 'aws',
          environment: 'dev',
          dataProduct: PRODUCT,
          action: p.action,
          resourceType: 'iam-role',
          resource: ROLE_ARN,
          description: 'Create the owner role',
          details: {},
        })),
      },
    ],
    ...overrides,
  };
}

function run(
  status: ProvisioningRunDetails['status'],
  operations: Array<Partial<ProvisioningRunDetails['operations'][number]>> = [],
): ProvisioningRunDetails {
  return {
    id: 'run-1',
    trigger: 'manual',
    mode: 'plan',
    status,
    createdAt: '2026-12-05T18:00:00Z',
    finishedAt: '2026-12-05T18:00:02Z',
    operations: operations.map((op, i) => ({
      id: `op-${i}`,
      seq: i + 1,
      provisioner: 'aws',
      environment: 'dev',
      dataProduct: PRODUCT,
      action: 'create',
      resourceType: 'iam-role',
      resource: ROLE_ARN,
      description: 'Create the owner role',
      details: {},
      status: 'planned',
      ...op,
    })),
  };
}

function input(
  overrides: Partial<ProductHealthInput> = {},
): ProductHealthInput {
  return {
    entityRef: PRODUCT,
    title: 'Web orders',
    catalog: [{ entityRef: PRODUCT, title: 'Web orders', errors: [] }],
    plan: plan(),
    lastRun: run('succeeded', [{ id: 'create-role', status: 'planned' }]),
    unreadable: [],
    ...overrides,
  };
}

describe('assessProductHealth', () => {
  it('is healthy when the catalog, the plan and the last run are fine, listing every resource', () => {
    const health = assessProductHealth(input());
    expect(health.status).toBe('healthy');
    expect(health.reasons).toEqual([]);
    expect(health.provisioning?.resources).toEqual([
      {
        environment: 'dev',
        type: 'iam-role',
        name: 'meshport-web-orders-dev-owner',
        planned: 'present',
        lastRun: 'planned',
      },
      {
        environment: 'dev',
        type: 'iam-inline-policy',
        name: 'meshport-web-orders-dev-owner/inline',
        planned: 'present',
        lastRun: 'in sync',
      },
      {
        environment: 'prd',
        type: 'glue-database',
        name: 'web_orders',
        planned: 'present',
        lastRun: 'in sync',
      },
    ]);
  });

  it('counts a pending change the last run did not make as not reconciled', () => {
    const health = assessProductHealth(
      input({ plan: plan({}, [{ id: 'update-role', action: 'update' }]) }),
    );
    expect(health.status).toBe('unhealthy');
    expect(health.reasons).toEqual([
      '1 change is not reconciled yet: run meshport apply, or wait for the next reconcile',
    ]);
    expect(health.provisioning?.resources[0].planned).toBe('update');
  });

  it('does not count a change the last (product-scoped) run already made', () => {
    const health = assessProductHealth(
      input({
        plan: plan({}, [{ id: 'op-0', action: 'create' }]),
        lastRun: run('succeeded', [{}]),
      }),
    );
    expect(health.status).toBe('healthy');
  });

  it('is unhealthy with a processing error, naming the entity', () => {
    const health = assessProductHealth(
      input({
        catalog: [
          { entityRef: PRODUCT, title: 'Web orders', errors: [] },
          {
            entityRef: 'dataset:default/lines',
            title: 'Lines',
            errors: ['spec.access: must be one of ...'],
          },
        ],
      }),
    );
    expect(health.status).toBe('unhealthy');
    expect(health.reasons).toEqual([
      'The catalog cannot process Lines: spec.access: must be one of ...',
    ]);
  });

  it('names the failed operation and its error', () => {
    const health = assessProductHealth(
      input({
        lastRun: run('partial', [{ status: 'failed', error: 'AccessDenied' }]),
      }),
    );
    expect(health.status).toBe('unhealthy');
    expect(health.reasons).toEqual([
      'The last run failed to change iam-role meshport-web-orders-dev-owner in dev: AccessDenied',
    ]);
  });

  it('is unknown before any run, while a run is under way, or when a part cannot be read', () => {
    expect(assessProductHealth(input({ lastRun: undefined })).status).toBe(
      'unknown',
    );
    expect(
      assessProductHealth(input({ lastRun: run('running') })).reasons,
    ).toEqual(['The last provisioning run is still running']);
    const hidden = assessProductHealth(
      input({ unreadable: ['Cannot read the SLOs: not allowed'] }),
    );
    expect(hidden.status).toBe('unknown');
  });

  it('says unknown per resource when the last run cannot be read', () => {
    const health = assessProductHealth(
      input({
        lastRun: undefined,
        plan: plan({
          lastRun: { ...run('succeeded'), operations: undefined } as any,
        }),
        unreadable: ['Cannot read the last provisioning run: not allowed'],
      }),
    );
    expect(health.status).toBe('unknown');
    expect(health.provisioning?.resources.map(r => r.lastRun)).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect(health.provisioning?.lastRun?.status).toBe('succeeded');
  });

  it('judges by the last finished run while a newer one is queued', () => {
    const queued = {
      ...run('queued'),
      id: 'run-2',
      trigger: 'catalog-change' as const,
    };
    const health = assessProductHealth(input({ runUnderWay: queued }));
    expect(health.status).toBe('healthy');
    expect(health.provisioning?.lastRun?.id).toBe('run-1');
    expect(health.provisioning?.runUnderWay).toEqual({
      id: 'run-2',
      status: 'queued',
      trigger: 'catalog-change',
    });
    const first = assessProductHealth(
      input({ lastRun: undefined, runUnderWay: queued }),
    );
    expect(first.reasons).toEqual([
      'The first provisioning run is still queued',
    ]);
  });

  it('prefers unhealthy over unknown', () => {
    const health = assessProductHealth(
      input({
        lastRun: undefined,
        plan: plan({
          problems: [{ severity: 'error', message: 'Bucket overlap' }],
        }),
      }),
    );
    expect(health.status).toBe('unhealthy');
    expect(health.reasons).toEqual([
      'The plan has an error: Bucket overlap',
      'No provisioning run has covered this product yet',
    ]);
  });

  it('is unhealthy with a breached SLO or a failed retirement, not with a retirement under way', () => {
    const slo = {
      dataProduct: PRODUCT,
      evaluatedAt: '2026-12-05T18:00:00Z',
      sampleData: false,
      datasets: [
        {
          dataset: 'dataset:default/lines',
          title: 'Lines',
          status: 'breached' as const,
          openBreaches: 1,
          sampleData: false,
          monitoring: true,
          slos: [],
        },
      ],
    };
    expect(assessProductHealth(input({ slo })).reasons).toEqual([
      'An SLO of Lines is breached',
    ]);
    const retirement = (status: 'retiring' | 'failed') => ({
      entityRef: PRODUCT,
      retirement: {
        id: 'r',
        dataProduct: PRODUCT,
        datasets: [],
        status,
        reason: 'Replaced',
        sunset: '2027-01-05T00:00:00Z',
        requestedBy: 'user:default/alice',
        createdAt: '',
        updatedAt: '',
      },
      steps: [
        {
          name: 'stop-pipeline' as const,
          seq: 1,
          status: 'pending' as const,
          attempts: 0,
        },
      ],
      usage: { consumers: [], inputGrants: 0, lastActivity: [] },
      policy: {
        noticePeriod: '30 days',
        noticePeriodMs: 0,
        earliestSunset: '',
        latestSunset: '',
      },
      canManage: true,
    });
    const retiring = assessProductHealth(
      input({ retirement: retirement('retiring') }),
    );
    expect(retiring.status).toBe('healthy');
    expect(retiring.retirement?.steps).toEqual([
      { name: 'stop-pipeline', status: 'pending' },
    ]);
    expect(
      assessProductHealth(input({ retirement: retirement('failed') })).status,
    ).toBe('unhealthy');
  });

  it('shows one environment with --environment', () => {
    const health = assessProductHealth(input({ environment: 'prd' }));
    expect(health.provisioning?.resources.map(r => r.type)).toEqual([
      'glue-database',
    ]);
  });
});
