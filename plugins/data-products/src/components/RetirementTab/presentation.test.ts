import {
  daysUntil,
  entityPath,
  formatDay,
  isoDay,
  isMoving,
  stepRun,
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
    // A sunset is a UTC day: the same day in every time zone, in words.
    expect(formatDay('2026-12-21T00:00:00.000Z')).toBe(
      new Date(Date.UTC(2026, 11, 21)).toLocaleDateString(undefined, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    );
    expect(formatDay('2026-12-21T00:00:00.000Z')).not.toMatch(/\d{4}-\d\d/);
    expect(isoDay('2026-12-21T00:00:00.000Z')).toBe('2026-12-21');
  });

  it('finds the provisioning run a step waited for, by its date', () => {
    expect(
      stepRun({ runId: 'x', runCreatedAt: '2026-11-21T10:02:00.000Z' }),
    ).toEqual({ runCreatedAt: '2026-11-21T10:02:00.000Z' });
    expect(stepRun({ runId: 'x' })).toBeUndefined();
    expect(stepRun(undefined)).toBeUndefined();
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
