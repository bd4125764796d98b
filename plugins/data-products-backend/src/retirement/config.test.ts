import { mockServices } from '@backstage/backend-test-utils';
import { durationToMilliseconds } from '@backstage/types';
import { readRetirementConfig } from './config';

const read = (retirement: object) =>
  readRetirementConfig(
    mockServices.rootConfig({ data: { meshport: { retirement } } }),
  );

describe('readRetirementConfig', () => {
  it('caps sunsets at two years by default', () => {
    expect(read({}).maxNoticePeriodMs).toBe(
      durationToMilliseconds({ years: 2 }),
    );
  });

  it('reads maxNoticePeriod as an object or a string', () => {
    expect(read({ maxNoticePeriod: { days: 90 } }).maxNoticePeriodMs).toBe(
      90 * 86_400_000,
    );
    expect(read({ maxNoticePeriod: '365d' }).maxNoticePeriodMs).toBe(
      365 * 86_400_000,
    );
  });

  it('refuses a maximum shorter than the notice period, naming both keys', () => {
    expect(() =>
      read({ noticePeriod: { days: 30 }, maxNoticePeriod: { days: 10 } }),
    ).toThrow(
      "Invalid config at 'meshport.retirement.maxNoticePeriod': expected a duration at least as long as 'meshport.retirement.noticePeriod'",
    );
  });
});
