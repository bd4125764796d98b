import { ConfigReader } from '@backstage/config';
import { readLineageConfig } from './config';

const read = (lineage?: object) =>
  readLineageConfig(new ConfigReader(lineage ? { meshport: { lineage } } : {}));

describe('readLineageConfig', () => {
  it('keeps events 90 days unless told otherwise', () => {
    expect(read().retentionMs).toBe(90 * 86_400_000);
    expect(read({ tableNamespaces: [] }).retentionMs).toBe(90 * 86_400_000);
    expect(read({ retention: '30d' }).retentionMs).toBe(30 * 86_400_000);
    expect(read({ retention: { days: 2 } }).retentionMs).toBe(2 * 86_400_000);
  });

  it('stops the start on a retention that is no duration or under a day, naming the key', () => {
    expect(() => read({ retention: 'soon' })).toThrow(
      /^Invalid config at 'meshport\.lineage\.retention': expected a duration such as \{ days: 90 \} or '90d' \(/,
    );
    expect(() => read({ retention: '12h' })).toThrow(
      "Invalid config at 'meshport.lineage.retention': expected at least one day",
    );
  });
});
