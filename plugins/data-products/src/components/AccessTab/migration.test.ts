import { acceptedText, formatDay, majorLabel, resultText } from './migration';

const migration = {
  successor: 'dataset:default/orders-v2',
  successorTitle: 'Orders v2',
  version: '2.1.0',
  sunset: '2027-03-01',
  changes: [],
  needsApproval: false,
};

describe('migration presentation', () => {
  it('names the major version', () => {
    expect(majorLabel('2.1.0')).toBe('v2');
    expect(majorLabel('v3')).toBe('v3');
    expect(majorLabel('next')).toBe('next');
  });

  it('writes the sunset in the given locale', () => {
    expect(formatDay('2027-03-01', 'en-GB')).toBe('1 March 2027');
    expect(formatDay('2027-03-01', 'en-US')).toBe('March 1, 2027');
    expect(formatDay('2027-03-01', 'de-DE')).toBe('1. März 2027');
  });

  it('says what accepting did', () => {
    const request = { environments: ['dev', 'prd'], status: 'approved' } as any;
    expect(
      resultText(
        {
          outcome: 'moved',
          request,
          previous: { validUntil: '2027-03-02T00:00:00.000Z' } as any,
        },
        migration,
        'en-GB',
      ),
    ).toBe(
      'Moved: this product now reads Orders v2 in dev, prd, and keeps reading the old version until 1 March 2027.',
    );
    expect(
      resultText(
        { outcome: 'requested', request, previous: {} as any },
        migration,
      ),
    ).toBe(
      "Requested: the owners of Orders v2 decide, since its access is tighter than the old version's.",
    );
    expect(
      resultText(
        {
          outcome: 'already-migrated',
          request: { ...request, status: 'granted' },
          previous: {} as any,
        },
        migration,
      ),
    ).toBe('Already accepted: the access to Orders v2 is granted.');
  });

  it('says where an accepted migration stands', () => {
    expect(acceptedText(migration)).toBeUndefined();
    expect(
      acceptedText({
        ...migration,
        successorRequest: { id: 'r', status: 'approved' },
      }),
    ).toBe(
      'Accepted: the access to Orders v2 is approved and being provisioned.',
    );
  });
});
