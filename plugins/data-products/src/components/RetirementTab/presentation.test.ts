import {
  daysUntil,
  entityPath,
  formatDay,
  isMoving,
  forPeople,
  messageOf,
  shortRef,
} from './presentation';

describe('retirement presentation', () => {
  it('counts whole days to the sunset, never below zero', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    expect(daysUntil('2026-12-21T00:00:00.000Z', now)).toBe(30);
    expect(daysUntil('2026-11-21T12:00:00.000Z', now)).toBe(1);
    expect(daysUntil('2026-11-20T00:00:00.000Z', now)).toBe(0);
  });

  it('formats refs and dates for people', () => {
    expect(shortRef('dataproduct:default/churn')).toBe('churn');
    expect(shortRef('dataset:e2e/orders')).toBe('e2e/orders');
    expect(entityPath('dataproduct:e2e/orders')).toBe(
      '/catalog/e2e/dataproduct/orders',
    );
    expect(formatDay('2026-12-21T00:00:00.000Z')).toBe('2026-12-21');
  });

  it('polls only while steps run', () => {
    expect(isMoving('running')).toBe(true);
    expect(isMoving('retiring')).toBe(false);
    expect(isMoving('retired')).toBe(false);
  });

  it("shows the server's message of a refusal", () => {
    const error = Object.assign(new Error('Request failed with 409'), {
      body: { error: { message: '1 consumer still holds access' } },
    });
    expect(messageOf(error)).toBe('1 consumer still holds access');
    expect(messageOf(new Error('offline'))).toBe('offline');
  });
});

describe('forPeople', () => {
  it('turns field paths into words and leaves sentences alone', () => {
    expect(
      forPeople(
        'body.sunset: must be at least 30 days from now (5 January 2027)',
      ),
    ).toBe('Sunset must be at least 30 days from now (5 January 2027)');
    expect(
      forPeople(
        'body.reason: is required; query.entityRef: must be a DataProduct entity ref',
      ),
    ).toBe('Reason is required; Entity ref must be a DataProduct entity ref');
    expect(forPeople('The retirement is already cancelled')).toBe(
      'The retirement is already cancelled',
    );
  });
});
