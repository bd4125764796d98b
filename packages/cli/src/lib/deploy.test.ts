import type { ProvisioningRunDetails } from '@meshport/plugin-data-products-common';
import {
  describeProgress,
  isSubset,
  runFailures,
  showsLocalContent,
} from './deploy';

const PRODUCT = 'dataproduct:default/web-orders';

function run(
  status: ProvisioningRunDetails['status'],
  operations: Array<Partial<ProvisioningRunDetails['operations'][number]>>,
  extra: Partial<ProvisioningRunDetails> = {},
): ProvisioningRunDetails {
  return {
    id: 'r1',
    trigger: 'manual',
    mode: 'apply',
    status,
    createdAt: '',
    operations: operations.map((op, i) => ({
      id: `op-${i}`,
      seq: i + 1,
      provisioner: 'aws',
      environment: 'dev',
      dataProduct: PRODUCT,
      action: 'create',
      resourceType: 'iam-role',
      resource: `arn:role/${i}`,
      description: `Create role ${i}`,
      details: {},
      status: 'pending',
      ...op,
    })),
    ...extra,
  };
}

describe('apply helpers', () => {
  it('sees the local content in a catalog entity that has more fields, not in a changed one', () => {
    const local = {
      apiVersion: 'a',
      kind: 'Dataset',
      metadata: { name: 'x' },
      spec: { access: 'restricted', outputs: [{ path: 'a/' }] },
    };
    const remote = {
      ...local,
      metadata: { name: 'x', uid: 'u' },
      spec: { ...local.spec, extra: 1 },
    };
    expect(showsLocalContent(local, remote)).toBe(true);
    expect(
      showsLocalContent(local, {
        ...remote,
        spec: { access: 'restricted', outputs: [{ path: 'b/' }] },
      }),
    ).toBe(false);
    expect(isSubset([1, 2], [1, 2, 3])).toBe(false);
  });

  it('shows operations done per environment', () => {
    expect(describeProgress(run('queued', []))).toBe('queued');
    expect(
      describeProgress(
        run('running', [
          { status: 'succeeded' },
          { status: 'pending' },
          { status: 'failed', environment: 'prd' },
        ]),
      ),
    ).toBe('running: dev 1/2, prd 1/1 operations done');
  });

  it('names the failing operations and plan errors of the product only', () => {
    const finished = run(
      'partial',
      [
        { status: 'succeeded' },
        { status: 'failed', error: 'AccessDenied: iam:CreateRole' },
        { status: 'failed', dataProduct: 'dataproduct:default/other' },
      ],
      {
        summary: {
          operations: 3,
          byAction: {},
          byStatus: {},
          provisioners: [],
          problems: [
            {
              severity: 'error',
              dataProduct: PRODUCT,
              environment: 'prd',
              message: 'Bucket prefix overlaps',
            },
            {
              severity: 'error',
              dataProduct: 'dataproduct:default/other',
              message: 'not ours',
            },
          ],
        },
      },
    );
    expect(runFailures(finished, PRODUCT)).toEqual([
      'Create role 1 (iam-role arn:role/1 in dev) failed: AccessDenied: iam:CreateRole',
      'prd: Bucket prefix overlaps',
    ]);
    expect(
      runFailures(
        run('failed', [], { error: 'The provisioner crashed' }),
        PRODUCT,
      ),
    ).toEqual(['the run failed: The provisioner crashed']);
  });
});
