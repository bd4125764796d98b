import { decideBreachTransition } from './breaches';

describe('decideBreachTransition', () => {
  it.each([
    // open breach?, status, transition
    [false, 'breached', 'open'],
    [true, 'breached', 'none'],
    [true, 'met', 'close'],
    [true, 'at-risk', 'close'],
    [false, 'met', 'none'],
    [false, 'at-risk', 'none'],
    [true, 'no-data', 'none'],
    [false, 'no-data', 'none'],
  ] as const)(
    'with an open breach: %p, status %p -> %p',
    (open, status, transition) => {
      expect(decideBreachTransition(open, status)).toBe(transition);
    },
  );
});
