import {
  decideRunStatus,
  isFullScope,
  operationInScope,
  problemInScope,
  summarizeRun,
} from './summarize';

describe('summarizeRun', () => {
  it('counts operations by action and by status', () => {
    expect(
      summarizeRun({
        operations: [
          { action: 'create', status: 'succeeded' },
          { action: 'create', status: 'failed' },
          { action: 'delete', status: 'succeeded' },
        ],
        problems: [],
        provisioners: [{ id: 'aws', operations: 3 }],
      }),
    ).toEqual({
      operations: 3,
      byAction: { create: 2, delete: 1 },
      byStatus: { succeeded: 2, failed: 1 },
      problems: [],
      provisioners: [{ id: 'aws', operations: 3 }],
    });
  });
});

describe('decideRunStatus', () => {
  const clean = summarizeRun({
    operations: [],
    problems: [],
    provisioners: [],
  });

  it('is failed when the run threw, whatever else happened', () => {
    expect(decideRunStatus(clean, 'boom')).toBe('failed');
  });

  it('is partial when an operation failed or the plan has errors', () => {
    expect(
      decideRunStatus(
        summarizeRun({
          operations: [{ action: 'update', status: 'failed' }],
          problems: [],
          provisioners: [],
        }),
      ),
    ).toBe('partial');
    expect(
      decideRunStatus({
        ...clean,
        problems: [{ severity: 'error', message: 'quota exceeded' }],
      }),
    ).toBe('partial');
  });

  it('is succeeded with warnings and skipped operations', () => {
    expect(
      decideRunStatus(
        summarizeRun({
          operations: [{ action: 'update', status: 'skipped' }],
          problems: [{ severity: 'warning', message: 'unknown environment' }],
          provisioners: [],
        }),
      ),
    ).toBe('succeeded');
  });
});

describe('scopes', () => {
  const churn = 'dataproduct:default/churn';

  it('treats a missing or empty scope as the whole mesh', () => {
    expect(isFullScope(undefined)).toBe(true);
    expect(isFullScope({ dataProducts: [], environments: [] })).toBe(true);
    expect(isFullScope({ dataProducts: [churn] })).toBe(false);
  });

  it('keeps the operations of the scoped products and environments, any ref case', () => {
    const scope = {
      dataProducts: ['DataProduct:default/Churn'],
      environments: ['dev'],
    };
    expect(
      operationInScope({ dataProduct: churn, environment: 'dev' }, scope),
    ).toBe(true);
    expect(
      operationInScope({ dataProduct: churn, environment: 'prd' }, scope),
    ).toBe(false);
    expect(
      operationInScope(
        { dataProduct: 'dataproduct:default/orders', environment: 'dev' },
        scope,
      ),
    ).toBe(false);
    // Shared resources belong to whole-mesh runs.
    expect(operationInScope({ environment: 'dev' }, scope)).toBe(false);
    expect(operationInScope({ environment: 'dev' }, undefined)).toBe(true);
  });

  it("keeps problems of the scope and of no product, not other products'", () => {
    const scope = { dataProducts: [churn] };
    expect(problemInScope({ dataProduct: churn }, scope)).toBe(true);
    expect(problemInScope({ environment: 'dev' }, scope)).toBe(true);
    expect(
      problemInScope({ dataProduct: 'dataproduct:default/orders' }, scope),
    ).toBe(false);
  });
});
