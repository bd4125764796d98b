import { oldGrantEnd, planMigration, sunsetEnd } from './migration';

describe('planMigration', () => {
  const tightened = [{ kind: 'access-tightened' }];
  const loosened = [{ kind: 'column-added' }, { kind: 'access-loosened' }];

  it.each([
    ['granted', loosened, 'move'],
    ['approved', [], 'move'],
    ['granted', tightened, 'request'],
    ['approved', tightened, 'request'],
    ['pending', [], 'request'],
    ['pending', tightened, 'request'],
  ] as const)('%s with %j: %s', (status, changes, kind) => {
    expect(planMigration({ status, changes: [...changes] }).kind).toBe(kind);
  });

  it.each(['denied', 'cancelled', 'revoked', 'expired'] as const)(
    'refuses a %s request, saying its state',
    status => {
      expect(planMigration({ status, changes: [] })).toEqual({
        kind: 'refused',
        reason: `Only access held or asked for can move to a new version; this request is ${status}`,
      });
    },
  );
});

describe('the old grant end', () => {
  it('is the end of the sunset day', () => {
    expect(sunsetEnd('2027-02-28')).toBe('2027-03-01T00:00:00.000Z');
  });

  it('keeps an earlier end, and replaces a later or no end by the sunset', () => {
    expect(oldGrantEnd('2027-01-10T12:00:00.000Z', '2027-02-28')).toBe(
      '2027-01-10T12:00:00.000Z',
    );
    expect(oldGrantEnd('2027-06-01T00:00:00.000Z', '2027-02-28')).toBe(
      '2027-03-01T00:00:00.000Z',
    );
    expect(oldGrantEnd(undefined, '2027-02-28')).toBe(
      '2027-03-01T00:00:00.000Z',
    );
  });
});
