import { resolveSlos } from './declarations';
import { breachNotification } from './notices';
import type { StoredBreach } from './SloStore';
import { sloDataset } from './testing';

const HOUR = 3_600_000;
const OPENED = Date.UTC(2026, 11, 2, 14, 5, 30);

describe('breachNotification', () => {
  const entity = sloDataset('shipments', 'logistics', {
    slos: { freshness: { target: 95, maxAge: '36h', window: '7d' } },
  });
  entity.metadata.title = 'Shipments';
  const [slo] = resolveSlos(entity);
  const breach: StoredBreach = {
    id: '6f1c2d9e-4b7a-4c1e-9a55-0f3b2a1d8e77',
    dataset: 'dataset:default/shipments',
    kind: 'freshness',
    openedAt: new Date(OPENED).toISOString(),
    target: 95,
    sliAtOpen: 85.7143,
    sample: false,
  };
  const notify = (which: 'open' | 'close', at: number, sli: number) =>
    breachNotification({
      entity,
      dataset: 'dataset:default/shipments',
      slo,
      breach,
      which,
      sli,
      at,
    });

  it('tells the owners in words which SLO of which dataset broke, and how', () => {
    const { recipients, payload } = notify('open', OPENED, 85.7143);
    expect(recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/team-sales',
    });
    expect(payload).toEqual({
      title: 'SLO breached: freshness of Shipments',
      description:
        'Freshness is 85.71 %, below its target: 95 % of days on which the data is never older than 36 hours, over 7 days.',
      link: '/catalog/default/dataset/shipments/slos',
      severity: 'high',
      topic: 'data-products-slo',
    });
  });

  it('says since when and for how long the breach lasted when it recovers, as a person writes dates', () => {
    const { payload } = notify(
      'close',
      OPENED + 3 * 24 * HOUR + 4.5 * HOUR,
      96,
    );
    expect(payload.title).toBe('SLO recovered: freshness of Shipments');
    expect(payload.description).toBe(
      'Freshness is back to 96 %, meeting its target: 95 % of days on which the data is never older than 36 hours, over 7 days. It had been breached since 2 December 2026 at 14:05 UTC (3 days and 4 hours).',
    );
  });

  it('shows no ISO timestamp, entity ref, id or raw duration to the reader', () => {
    for (const { payload } of [
      notify('open', OPENED, 10),
      notify('close', OPENED + 90 * 60_000, 99),
    ]) {
      const text = `${payload.title} ${payload.description}`;
      expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
      expect(text).not.toMatch(/(dataset|group|user):/);
      expect(text).not.toContain(breach.id);
      expect(text).not.toMatch(/\b\d+[mhd]\b/);
    }
  });
});
