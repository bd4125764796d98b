import {
  describeDataOutput,
  describeDuration,
  describeSlos,
  tryResolveRefs,
} from './presentation';

describe('describeDataOutput', () => {
  it('shows an S3 output as s3://<bucket id>/<path> with its format', () => {
    expect(
      describeDataOutput({
        type: 's3',
        bucket: 'datalake',
        path: 'sales/orders/',
        format: 'parquet',
      }),
    ).toEqual({
      type: 'S3',
      location: 's3://datalake/sales/orders/',
      format: 'parquet',
    });
  });

  it('does not double the slash when the path starts with one', () => {
    expect(
      describeDataOutput({ type: 's3', bucket: 'datalake', path: '/a/b/' })
        .location,
    ).toBe('s3://datalake/a/b/');
  });

  it('shows a Glue table as database.table and a whole database as database.*', () => {
    expect(
      describeDataOutput({ type: 'glue', database: 'sales', table: 'orders' })
        .location,
    ).toBe('glue: sales.orders');
    expect(
      describeDataOutput({ type: 'glue', database: 'sales' }).location,
    ).toBe('glue: sales.*');
  });

  it('names an output type it does not know instead of failing', () => {
    expect(describeDataOutput({ type: 'kafka' } as any)).toEqual({
      type: 'kafka',
      location: '',
    });
  });
});

describe('describeDuration', () => {
  it.each([
    ['20d', '20 days'],
    ['1d', '1 day'],
    ['24h', '24 hours'],
    ['1h', '1 hour'],
    ['90m', '90 minutes'],
  ])('describes %s as %s', (duration, words) => {
    expect(describeDuration(duration)).toBe(words);
  });

  it('keeps a duration it cannot parse as written', () => {
    expect(describeDuration('two weeks')).toBe('two weeks');
  });
});

describe('describeSlos', () => {
  it('is empty when no SLOs are declared', () => {
    expect(describeSlos(undefined)).toEqual([]);
    expect(describeSlos({})).toEqual([]);
  });

  it('fills in the 20-day window and the 5% drop when the spec leaves them out', () => {
    const [availability, completeness] = describeSlos({
      availability: { target: 99.5 },
      completeness: { target: 99 },
    });
    expect(availability).toEqual(
      expect.objectContaining({
        name: 'Availability',
        target: '99.5%',
        window: '20 days',
      }),
    );
    expect(availability.objective).toMatch(/every hour/);
    expect(completeness.objective).toMatch(
      /at most 5% below the average of recent updates/,
    );
    expect(completeness.window).toBe('20 days');
  });

  it('uses the declared window, drop and maximum age', () => {
    const [completeness, freshness] = describeSlos({
      completeness: { target: 98, maxDropPercent: 10, window: '7d' },
      freshness: { target: 95, maxAge: '24h', window: '30d' },
    });
    expect(completeness.objective).toMatch(/at most 10% below/);
    expect(completeness.window).toBe('7 days');
    expect(freshness).toEqual(
      expect.objectContaining({
        name: 'Freshness',
        target: '95% of days',
        window: '30 days',
      }),
    );
    expect(freshness.objective).toMatch(/never older than 24 hours/);
  });

  it('lists the SLOs in a fixed order whatever the order in the spec', () => {
    const names = describeSlos({
      freshness: { target: 95, maxAge: '1h' },
      availability: { target: 99 },
    }).map(slo => slo.name);
    expect(names).toEqual(['Availability', 'Freshness']);
  });
});

describe('tryResolveRefs', () => {
  it('returns what the resolver returns', () => {
    expect(tryResolveRefs(() => 'group:default/a')).toBe('group:default/a');
  });

  it('returns undefined when the resolver throws on a malformed ref', () => {
    expect(
      tryResolveRefs<string>(() => {
        throw new Error('bad ref');
      }),
    ).toBeUndefined();
  });
});
