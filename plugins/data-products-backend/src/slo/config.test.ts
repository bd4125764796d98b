import { ConfigReader } from '@backstage/config';
import { DEFAULT_SLO_CONFIG, readSloConfig } from './config';

const DAY = 86_400_000;

describe('readSloConfig', () => {
  it('defaults without meshport.slo', () => {
    expect(readSloConfig(new ConfigReader({}))).toEqual(DEFAULT_SLO_CONFIG);
  });

  it('reads every key', () => {
    expect(
      readSloConfig(
        new ConfigReader({
          meshport: {
            slo: {
              sampleData: true,
              retention: { raw: '40d', aggregates: { days: 730 } },
              evaluation: { frequency: { minutes: 1 } },
              collection: { frequency: '30m' },
            },
          },
        }),
      ),
    ).toEqual({
      sampleData: true,
      rawRetentionMs: 40 * DAY,
      aggregateRetentionMs: 730 * DAY,
      evaluationFrequency: { minutes: 1 },
      collectionFrequency: { minutes: 30 },
    });
  });

  it.each([
    [
      { sampleData: 'maybe' },
      "Invalid config at 'meshport.slo.sampleData': expected true or false",
    ],
    [
      { retention: { raw: '1h' } },
      "Invalid config at 'meshport.slo.retention.raw': expected at least one day",
    ],
    [
      { retention: { raw: '40d', aggregates: '30d' } },
      "Invalid config at 'meshport.slo.retention.aggregates': expected at least as long as 'meshport.slo.retention.raw'",
    ],
    [
      { evaluation: { frequency: 'often' } },
      "Invalid config at 'meshport.slo.evaluation.frequency'",
    ],
  ])('rejects %j naming the key', (slo, message) => {
    expect(() =>
      readSloConfig(new ConfigReader({ meshport: { slo } })),
    ).toThrow(message);
  });
});
