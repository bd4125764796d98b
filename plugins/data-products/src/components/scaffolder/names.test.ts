import { describeNameProblem } from './names';

describe('describeNameProblem', () => {
  it.each([
    ['customer-churn', undefined],
    ['c360', undefined],
    ['a1', undefined],
    ['', 'Enter a name'],
    ['a', 'Use at least 2 characters'],
    ['x'.repeat(51), 'Use at most 50 characters (this one has 51)'],
    ['Customer-Churn', 'Use lowercase letters: "customer-churn"'],
    ['customer churn', 'Use only lowercase letters, digits and dashes (not  )'],
    [
      'customer_churn.v2',
      'Use only lowercase letters, digits and dashes (not _ .)',
    ],
    ['-churn', 'Start and end with a letter or digit'],
    ['churn-', 'Start and end with a letter or digit'],
    ['customer--churn', 'Use single dashes between words'],
  ])('%j: %s', (name, problem) => {
    expect(describeNameProblem(name)).toBe(problem);
  });
});
