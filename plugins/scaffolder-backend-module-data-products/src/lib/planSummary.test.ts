import { summarizePlan } from './planSummary';

const op = (
  environment: string,
  action: string,
  resourceType: string,
  resource: string,
) =>
  ({
    id: `${environment}:${resource}`,
    provisioner: 'fake',
    environment,
    action,
    resourceType,
    resource,
    description: '',
    details: {},
  } as any);

describe('summarizePlan', () => {
  it('takes roles from resources.roles when the provisioner lists them', () => {
    const summary = summarizePlan({
      entityRef: 'dataproduct:default/x',
      mode: 'plan',
      problems: [{ severity: 'warning', message: 'x is invalid' }],
      provisioners: [
        {
          id: 'aws',
          filtered: true,
          resources: {
            roles: [
              { name: 'x-prd-owner', environment: 'prd' },
              { name: 'x-dev-owner', environment: 'dev', arn: 'arn:dev' },
              { nonsense: true },
            ],
          },
          problems: [
            { severity: 'error', environment: 'prd', message: 'quota' },
          ],
        },
      ],
    });
    expect(summary).toEqual({
      roles: [
        {
          provisioner: 'aws',
          environment: 'dev',
          name: 'x-dev-owner',
          arn: 'arn:dev',
        },
        { provisioner: 'aws', environment: 'prd', name: 'x-prd-owner' },
      ],
      operations: [],
      problems: ['x is invalid', 'error: prd: quota'],
    });
  });

  it('falls back to pending role operations for other provisioners', () => {
    const summary = summarizePlan({
      entityRef: 'dataproduct:default/x',
      mode: 'apply',
      problems: [],
      provisioners: [
        {
          id: 'fake',
          filtered: false,
          resources: { roles: [{ name: 'not-filtered', environment: 'dev' }] },
          pendingOperations: [
            op('dev', 'create', 'role', 'role:dev:x'),
            op('dev', 'delete', 'role', 'role:dev:old'),
            op('dev', 'create', 's3-prefix', 'bucket/x/'),
          ],
          problems: [],
        },
      ],
    });
    expect(summary.roles).toEqual([
      { provisioner: 'fake', environment: 'dev', name: 'role:dev:x' },
    ]);
    expect(summary.operations).toEqual([
      'dev: create role role:dev:x',
      'dev: delete role role:dev:old',
      'dev: create s3-prefix bucket/x/',
    ]);
  });
});
