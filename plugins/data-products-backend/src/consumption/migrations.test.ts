import type {
  AccessRequest,
  Consumption,
  PendingVersion,
} from '@meshport/plugin-data-products-common';
import { migrationOf, withMigrations } from './migrations';

const CHURN = 'dataproduct:default/churn';
const V1 = 'dataset:default/orders-v1';

const input = (overrides: Partial<Consumption> = {}): Consumption => ({
  consumer: CHURN,
  consumerTitle: 'Churn',
  dataset: V1,
  datasetTitle: 'Orders',
  state: 'granted',
  declared: true,
  request: {
    id: 'r1',
    status: 'granted',
    requester: 'user:default/alice',
    environments: ['dev'],
  },
  grantedEnvironments: ['dev'],
  undeclaredGrant: false,
  undeclaredRead: false,
  ...overrides,
});

const version = (
  successor: string,
  sunset: string,
  kinds: string[] = ['column-removed'],
): PendingVersion => ({
  successor,
  successorTitle: successor.split('/')[1],
  version: '2.0.0',
  sunset,
  noticeRespected: true,
  changes: kinds.map(kind => ({
    dataset: successor,
    kind,
    severity: 'breaking',
    path: 'spec',
    message: kind,
  })),
});

const requestOn = (dataset: string, status: AccessRequest['status']) =>
  ({ id: `on-${dataset}`, consumer: CHURN, dataset, status } as AccessRequest);

describe('migrationOf', () => {
  it('offers the version with the nearest sunset to a consumer holding access', () => {
    const migration = migrationOf(
      input(),
      [
        version('dataset:default/orders-v3', '2027-06-01'),
        version('dataset:default/orders-v2', '2027-03-01'),
      ],
      [],
    );
    expect(migration).toEqual({
      successor: 'dataset:default/orders-v2',
      successorTitle: 'orders-v2',
      version: '2.0.0',
      sunset: '2027-03-01',
      changes: [expect.objectContaining({ kind: 'column-removed' })],
      needsApproval: false,
    });
  });

  it('says the owners must approve when access tightened', () => {
    expect(
      migrationOf(
        input(),
        [
          version('dataset:default/orders-v2', '2027-03-01', [
            'access-tightened',
          ]),
        ],
        [],
      )?.needsApproval,
    ).toBe(true);
  });

  it('names the consumer request on the new version once accepted', () => {
    expect(
      migrationOf(
        input(),
        [version('dataset:default/orders-v2', '2027-03-01')],
        [requestOn('dataset:default/orders-v2', 'pending')],
      )?.successorRequest,
    ).toEqual({ id: 'on-dataset:default/orders-v2', status: 'pending' });
  });

  it('offers nothing without a request (declared only) or without a new version', () => {
    expect(
      migrationOf(
        input({ request: undefined, state: 'declared' }),
        [version('dataset:default/orders-v2', '2027-03-01')],
        [],
      ),
    ).toBeUndefined();
    expect(migrationOf(input(), [], [])).toBeUndefined();
  });
});

describe('withMigrations', () => {
  it('adds the migration to the inputs that have one only', () => {
    const other = input({ dataset: 'dataset:default/leads' });
    const result = withMigrations(
      [input(), other],
      new Map([[V1, [version('dataset:default/orders-v2', '2027-03-01')]]]),
      [],
    );
    expect(result[0].migration?.successor).toBe('dataset:default/orders-v2');
    expect(result[1]).toBe(other);
  });
});
