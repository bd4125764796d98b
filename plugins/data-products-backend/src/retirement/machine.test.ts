import {
  RETIREMENT_STEPS,
  RetirementStatus,
  RetirementStepStatus,
} from '@meshport/plugin-data-products-common';
import {
  applyStepOutcome,
  backoffMs,
  checkSunset,
  DAY_MS,
  decideCancel,
  decideConfirm,
  earliestSunset,
  formatDuration,
  initialSteps,
  MachineStep,
  nextAction,
  parseSunset,
  resetForRetry,
  toRetirementState,
} from './machine';

const NOW = new Date('2026-11-21T10:30:00.000Z');
const SUNSET = new Date('2026-12-21T00:00:00.000Z');
const THIRTY_DAYS = 30 * DAY_MS;

/** Steps with the given statuses in order; the rest pending. */
function steps(
  ...statuses: Array<
    RetirementStepStatus | [RetirementStepStatus, Partial<MachineStep>]
  >
): MachineStep[] {
  return initialSteps().map((step, i) => {
    const entry = statuses[i];
    if (!entry) return step;
    const [status, extra] = Array.isArray(entry) ? entry : [entry, {}];
    return {
      ...step,
      status,
      attempts: status === 'pending' ? 0 : 1,
      ...extra,
    };
  });
}

describe('retirement state machine', () => {
  describe('sunset rules', () => {
    it.each([
      ['2026-12-21', '2026-12-21T00:00:00.000Z'],
      ['2026-12-21T08:00:00Z', '2026-12-21T08:00:00.000Z'],
      ['2026-12-21T08:00+02:00', '2026-12-21T06:00:00.000Z'],
    ])('parses %s', (input, expected) => {
      expect(parseSunset(input)?.toISOString()).toBe(expected);
    });

    it.each([
      'tomorrow',
      '2026-02-30',
      '2026-12-21T08:00:00',
      '21/12/2026',
      '',
    ])('refuses %p', input => {
      expect(parseSunset(input)).toBeUndefined();
    });

    it.each([
      // sunset, notice, expected problem
      [
        '2026-12-20T00:00:00Z',
        THIRTY_DAYS,
        'must be at least 30 days from now (22 December 2026)',
      ],
      // exactly 30 days ahead is enough
      ['2026-12-21T10:30:00Z', THIRTY_DAYS, undefined],
      ['2026-12-22', THIRTY_DAYS, undefined],
      // the earliest date is the next midnight after now + notice
      [
        '2026-11-21T10:30:00Z',
        60_000,
        'must be at least 1 minute from now (22 November 2026)',
      ],
      ['2026-11-22', 60_000, undefined],
      // no notice period: any time from now on
      ['2026-11-21T10:30:00Z', 0, undefined],
    ])('sunset %s with notice %p: %p', (sunset, notice, problem) => {
      expect(
        checkSunset({
          sunset: new Date(sunset),
          now: NOW,
          noticePeriodMs: notice,
        }),
      ).toBe(problem);
    });

    it.each([
      ['9999-12-31', 'must be at most 730 days from now (by 20 November 2028)'],
      ['2028-11-21', 'must be at most 730 days from now (by 20 November 2028)'],
      ['2028-11-20', undefined],
    ])('caps the sunset %s at two years: %p', (sunset, problem) => {
      expect(
        checkSunset({
          sunset: new Date(sunset),
          now: NOW,
          noticePeriodMs: THIRTY_DAYS,
          maxNoticePeriodMs: 730 * DAY_MS,
        }),
      ).toBe(problem);
    });

    it('offers the first midnight that respects the notice period', () => {
      expect(earliestSunset(NOW, THIRTY_DAYS).toISOString()).toBe(
        '2026-12-22T00:00:00.000Z',
      );
      expect(
        earliestSunset(
          new Date('2026-11-21T00:00:00Z'),
          THIRTY_DAYS,
        ).toISOString(),
      ).toBe('2026-12-21T00:00:00.000Z');
    });

    it.each([
      [THIRTY_DAYS, '30 days'],
      [DAY_MS + 2 * 3600_000, '1 day 2 hours'],
      [90_000, '1 minute 30 seconds'],
      [0, '0 ms'],
    ])('formats a notice period of %p ms as %p', (ms, text) => {
      expect(formatDuration(ms)).toBe(text);
    });
  });

  describe('what other features see', () => {
    it.each<[RetirementStatus, string | undefined]>([
      ['retiring', 'retiring'],
      ['running', 'retiring'],
      ['failed', 'retiring'],
      ['retired', 'retired'],
      ['cancelled', undefined],
    ])('%s shows as %p', (status, state) => {
      expect(toRetirementState(status)).toBe(state);
    });
  });

  describe('confirming early', () => {
    it('runs the steps once no consumer holds access', () => {
      expect(
        decideConfirm(
          { status: 'retiring', sunset: SUNSET },
          { activeConsumers: [] },
        ),
      ).toEqual({ ok: true, value: { retry: false } });
    });

    it('refuses while consumers hold access, naming them and the sunset', () => {
      expect(
        decideConfirm(
          { status: 'retiring', sunset: SUNSET },
          { activeConsumers: ['dataproduct:default/churn'] },
        ),
      ).toEqual({
        ok: false,
        error:
          "1 consumer still holds access (dataproduct:default/churn): the steps run at the sunset (21 December 2026), or earlier once every consumer's access has ended",
      });
    });

    it('retries a failed retirement', () => {
      expect(
        decideConfirm(
          { status: 'failed', sunset: SUNSET },
          { activeConsumers: ['dataproduct:default/churn'] },
        ),
      ).toEqual({ ok: true, value: { retry: true } });
    });

    it.each<[RetirementStatus, string]>([
      ['running', 'The retirement steps are already running'],
      ['retired', 'The data product is already retired'],
      ['cancelled', 'The retirement was cancelled; start a new one instead'],
    ])('refuses when %s', (status, error) => {
      expect(
        decideConfirm({ status, sunset: SUNSET }, { activeConsumers: [] }),
      ).toEqual({ ok: false, error });
    });
  });

  describe('cancelling', () => {
    it('is possible before the sunset while no step has started', () => {
      expect(
        decideCancel({ status: 'retiring', sunset: SUNSET }, steps(), NOW),
      ).toEqual({ ok: true, value: undefined });
    });

    it('is refused once the sunset has passed', () => {
      expect(
        decideCancel(
          { status: 'retiring', sunset: SUNSET },
          steps(),
          new Date('2026-12-21T00:00:01Z'),
        ),
      ).toMatchObject({
        ok: false,
        error: expect.stringContaining('has passed'),
      });
    });

    it.each<[RetirementStatus, MachineStep[], string]>([
      [
        'running',
        steps('succeeded', 'running'),
        "The retirement steps have started (“Stop the pipeline”, “Revoke every consumer's access”); it can no longer be cancelled",
      ],
      [
        'failed',
        steps('succeeded', 'succeeded', 'failed'),
        "The retirement steps have started (“Stop the pipeline”, “Revoke every consumer's access”, “Archive the data”); it can no longer be cancelled",
      ],
      ['retired', steps(), 'The data product is already retired'],
      ['cancelled', steps(), 'The retirement is already cancelled'],
    ])('is refused when %s', (status, current, error) => {
      expect(decideCancel({ status, sunset: SUNSET }, current, NOW)).toEqual({
        ok: false,
        error,
      });
    });
  });

  describe('the next action', () => {
    const running = { status: 'running' as const, sunset: SUNSET };

    it('waits for the sunset, then begins', () => {
      const retiring = { status: 'retiring' as const, sunset: SUNSET };
      expect(nextAction(retiring, steps(), NOW)).toEqual({ type: 'none' });
      expect(nextAction(retiring, steps(), SUNSET)).toEqual({ type: 'begin' });
    });

    it('runs the steps strictly in order', () => {
      expect(RETIREMENT_STEPS).toEqual([
        'stop-pipeline',
        'revoke-grants',
        'archive-data',
        'stop-monitoring',
        'release-resources',
        'remove-from-catalog',
      ]);
      expect(nextAction(running, steps(), NOW)).toEqual({
        type: 'run-step',
        step: 'stop-pipeline',
        resume: false,
      });
      expect(nextAction(running, steps('succeeded', 'succeeded'), NOW)).toEqual(
        { type: 'run-step', step: 'archive-data', resume: false },
      );
    });

    it('runs a step again that a crash left running (resume)', () => {
      expect(nextAction(running, steps('succeeded', 'running'), NOW)).toEqual({
        type: 'run-step',
        step: 'revoke-grants',
        resume: true,
      });
    });

    it('checks on a waiting step', () => {
      expect(
        nextAction(
          running,
          steps('succeeded', 'succeeded', 'succeeded', 'succeeded', 'waiting'),
          NOW,
        ),
      ).toEqual({ type: 'run-step', step: 'release-resources', resume: true });
    });

    it('retries a failed step after its backoff, then gives up', () => {
      const later = new Date(NOW.getTime() + 60_000);
      const failed = steps('succeeded', [
        'failed',
        { attempts: 2, nextAttemptAt: later },
      ]);
      expect(nextAction(running, failed, NOW)).toEqual({
        type: 'wait-retry',
        step: 'revoke-grants',
        until: later,
      });
      expect(nextAction(running, failed, later)).toEqual({
        type: 'run-step',
        step: 'revoke-grants',
        resume: true,
      });
      const exhausted = steps('succeeded', ['failed', { attempts: 5 }]);
      expect(nextAction(running, exhausted, NOW)).toEqual({
        type: 'give-up',
        step: 'revoke-grants',
      });
    });

    it('finishes when every step succeeded', () => {
      const done = steps(...RETIREMENT_STEPS.map(() => 'succeeded' as const));
      expect(nextAction(running, done, NOW)).toEqual({ type: 'finish' });
    });

    it.each<RetirementStatus>(['failed', 'retired', 'cancelled'])(
      'does nothing when %s',
      status => {
        expect(nextAction({ status, sunset: SUNSET }, steps(), SUNSET)).toEqual(
          { type: 'none' },
        );
      },
    );
  });

  describe('step outcomes', () => {
    const step: MachineStep = {
      name: 'archive-data',
      status: 'running',
      attempts: 3,
    };

    it('backs off 1, 2, 4 ... minutes, at most an hour', () => {
      expect([1, 2, 3, 4, 10].map(a => backoffMs(a) / 60_000)).toEqual([
        1, 2, 4, 8, 60,
      ]);
    });

    it('schedules the retry of a failure', () => {
      expect(
        applyStepOutcome(step, { status: 'failed', error: 'boom' }, NOW),
      ).toEqual({
        ...step,
        status: 'failed',
        nextAttemptAt: new Date(NOW.getTime() + 4 * 60_000),
      });
    });

    it('records success and waiting without a retry time', () => {
      expect(
        applyStepOutcome(
          { ...step, nextAttemptAt: NOW },
          { status: 'succeeded', summary: 'ok' },
          NOW,
        ),
      ).toEqual({ ...step, status: 'succeeded', nextAttemptAt: undefined });
      expect(
        applyStepOutcome(step, { status: 'waiting', summary: 'run' }, NOW)
          .status,
      ).toBe('waiting');
    });

    it('gives a failed step fresh attempts on retry', () => {
      expect(
        resetForRetry(steps('succeeded', ['failed', { attempts: 5 }])).map(
          s => [s.status, s.attempts],
        ),
      ).toEqual([
        ['succeeded', 1],
        ['failed', 0],
        ['pending', 0],
        ['pending', 0],
        ['pending', 0],
        ['pending', 0],
      ]);
    });
  });
});
