import { describeCompletenessRule, exportCompletenessRule } from './odcsSlos';

describe('describeCompletenessRule', () => {
  it('says the rule with its numbers filled in', () => {
    expect(
      describeCompletenessRule({ target: 95, maxDropPercent: 10, window: '7d' }),
    ).toBe(
      'Each update has at least 90 % of the average row count of the previous 7 updates (a drop of at most 10 %), on at least 95 % of the updates over 7 days.',
    );
  });

  it('fills in the defaults the evaluation applies (a 5 % drop, 20 days)', () => {
    expect(describeCompletenessRule({ target: 99.5 })).toBe(
      'Each update has at least 95 % of the average row count of the previous 7 updates (a drop of at most 5 %), on at least 99.5 % of the updates over 20 days.',
    );
  });

  it('is the description of the exported ODCS rule, with no setting name in it', () => {
    const [rule] = exportCompletenessRule({
      completeness: { target: 95, maxDropPercent: 5, window: '1d' },
    });
    expect(rule.description).toContain('over 1 day.');
    expect(rule.description).not.toMatch(/maxDropPercent|target %|window\b/);
  });
});
