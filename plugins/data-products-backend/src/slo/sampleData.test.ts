import { resolveSlos } from './declarations';
import { generateSampleMeasurements } from './sampleData';
import { computeSlos } from './SloService';
import { dataset } from '../testing/entities';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 23, 12, 30);

const slos = resolveSlos(
  dataset('orders', 'p', {
    slos: {
      availability: { target: 99.5 },
      completeness: { target: 95 },
      freshness: { target: 95, maxAge: '24h' },
    },
  }),
);

function generate(from: number, to: number, incidents = false) {
  return generateSampleMeasurements({
    dataset: 'dataset:default/orders',
    slos,
    from,
    to,
    incidents,
  });
}

describe('generateSampleMeasurements', () => {
  it('is deterministic and independent of how the range is split', () => {
    const whole = generate(NOW - 28 * DAY, NOW, true);
    const split = [
      ...generate(NOW - 28 * DAY, NOW - 10 * DAY, true),
      ...generate(NOW - 10 * DAY + 1, NOW, true),
    ];
    const key = (m: { kind: string; at: number }) => `${m.kind}@${m.at}`;
    expect(split.map(key).sort()).toEqual(whole.map(key).sort());
    expect(new Set(split.map(key)).size).toBe(split.length);
    expect(generate(NOW - 28 * DAY, NOW, true)).toEqual(whole);
    expect(whole.every(m => m.source === 'sample')).toBe(true);
  });

  it('gives hourly checks and daily updates, in range', () => {
    const measurements = generate(NOW - 2 * DAY, NOW);
    const checks = measurements.filter(m => m.kind === 'availability');
    const updates = measurements.filter(m => m.kind === 'update');
    expect(checks).toHaveLength(48);
    expect(updates).toHaveLength(2);
    expect(measurements.every(m => m.at >= NOW - 2 * DAY && m.at <= NOW)).toBe(
      true,
    );
    expect(updates.every(u => new Date(u.at).getUTCHours() === 2)).toBe(true);
  });

  it('keeps a healthy dataset within its SLOs and breaches the incident one', () => {
    const healthy = computeSlos(
      slos,
      generate(NOW - 28 * DAY, NOW).map(m => ({ ...m })),
      NOW,
      false,
    );
    expect(healthy.map(c => c.result.status)).not.toContain('breached');
    expect(healthy.find(c => c.slo.kind === 'freshness')!.result.sli).toBe(100);
    expect(healthy.find(c => c.slo.kind === 'completeness')!.result.sli).toBe(
      100,
    );

    const incident = computeSlos(
      slos,
      generate(NOW - 28 * DAY, NOW, true),
      NOW,
      false,
    );
    expect(incident.map(c => c.result.status)).toEqual([
      'breached',
      'breached',
      'breached',
    ]);
  });
});
