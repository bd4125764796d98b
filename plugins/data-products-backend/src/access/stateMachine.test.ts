import {
  ACCESS_REQUEST_STATUSES,
  AccessRequestStatus,
} from '@meshport/plugin-data-products-common';
import {
  ACCESS_ACTION_TYPES,
  AccessAction,
  AccessActionType,
  computeValidity,
  decideCreation,
  RequestSnapshot,
  transition,
} from './stateMachine';

const ALICE = 'user:default/alice'; // the requester
const BOB = 'user:default/bob'; // a dataset owner
const DANA = 'user:default/dana'; // who decided earlier
const NOW = new Date('2026-06-01T12:00:00.000Z');
const PAST = '2026-05-01T00:00:00.000Z';
const DAY = 86_400_000;

/** A request in `status` as it would be stored, its window already over. */
function snapshot(status: AccessRequestStatus): RequestSnapshot {
  const decided = !['pending', 'cancelled'].includes(status);
  return {
    status,
    requester: ALICE,
    ...(decided ? { decidedBy: DANA } : {}),
    ...(['approved', 'granted', 'revoked', 'expired'].includes(status)
      ? { validUntil: PAST }
      : {}),
    ...(status === 'approved' ? { provisioning: 'pending' as const } : {}),
    ...(status === 'granted' ? { provisioning: 'planned' as const } : {}),
  };
}

/** Each action as its usual actor does it. */
const ACTIONS: Record<AccessActionType, AccessAction> = {
  approve: {
    type: 'approve',
    actor: BOB,
    dataset: { exists: true, lifecycle: 'production' },
  },
  deny: { type: 'deny', actor: BOB },
  cancel: { type: 'cancel', actor: ALICE },
  revoke: { type: 'revoke', actor: BOB },
  renew: { type: 'renew', actor: ALICE, dataset: { exists: true } },
  expire: { type: 'expire', now: NOW },
  provisioned: { type: 'provisioned', mode: 'plan', runStatus: 'succeeded' },
  supersede: { type: 'supersede', actor: BOB },
  'notify-expiry': { type: 'notify-expiry', now: NOW, noticeMs: 7 * DAY },
};

/**
 * Every status x every action. `->status/event` is a change, `=` nothing to
 * do (a retry), `403`/`409` a refusal.
 */
const TABLE: Record<AccessRequestStatus, Record<AccessActionType, string>> = {
  pending: {
    approve: '->approved/approved',
    deny: '->denied/denied',
    cancel: '->cancelled/cancelled',
    revoke: '409',
    renew: '409',
    expire: '409',
    provisioned: '409',
    supersede: '409',
    'notify-expiry': '409',
  },
  approved: {
    approve: '409',
    deny: '409',
    cancel: '409',
    revoke: '->revoked/revoked',
    renew: '->approved/renewal-requested',
    expire: '->expired/expired',
    provisioned: '->granted/granted',
    supersede: '->expired/renewed',
    'notify-expiry': '->approved/expiry-notified',
  },
  granted: {
    approve: '409',
    deny: '409',
    cancel: '409',
    revoke: '->revoked/revoked',
    renew: '->granted/renewal-requested',
    expire: '->expired/expired',
    provisioned: '=',
    supersede: '->expired/renewed',
    'notify-expiry': '->granted/expiry-notified',
  },
  denied: {
    approve: '409',
    deny: '409',
    cancel: '409',
    revoke: '409',
    renew: '409',
    expire: '409',
    provisioned: '409',
    supersede: '409',
    'notify-expiry': '409',
  },
  cancelled: {
    approve: '409',
    deny: '409',
    cancel: '=',
    revoke: '409',
    renew: '409',
    expire: '409',
    provisioned: '409',
    supersede: '409',
    'notify-expiry': '409',
  },
  revoked: {
    approve: '409',
    deny: '409',
    cancel: '409',
    revoke: '=',
    renew: '409',
    expire: '409',
    provisioned: '409',
    supersede: '409',
    'notify-expiry': '409',
  },
  expired: {
    approve: '409',
    deny: '409',
    cancel: '409',
    revoke: '409',
    renew: '409',
    expire: '409',
    provisioned: '409',
    supersede: '409',
    'notify-expiry': '409',
  },
};

function summarize(result: ReturnType<typeof transition>): string {
  switch (result.kind) {
    case 'change':
      return `->${result.to}/${result.event}`;
    case 'unchanged':
      return '=';
    default:
      return String(result.code);
  }
}

describe('access request state machine', () => {
  it('has a row for every status and a column for every action', () => {
    expect(Object.keys(TABLE).sort()).toEqual(
      [...ACCESS_REQUEST_STATUSES].sort(),
    );
    for (const row of Object.values(TABLE)) {
      expect(Object.keys(row).sort()).toEqual([...ACCESS_ACTION_TYPES].sort());
    }
  });

  const cases = ACCESS_REQUEST_STATUSES.flatMap(status =>
    ACCESS_ACTION_TYPES.map(
      action => [status, action, TABLE[status][action]] as const,
    ),
  );

  it.each(cases)('%s + %s -> %s', (status, action, expected) => {
    expect(summarize(transition(snapshot(status), ACTIONS[action]))).toBe(
      expected,
    );
  });

  describe('deciding', () => {
    it('starts a grant with pending provisioning and records the decision on approval', () => {
      expect(transition(snapshot('pending'), ACTIONS.approve)).toEqual({
        kind: 'change',
        to: 'approved',
        event: 'approved',
        grant: 'start',
        provisioning: 'pending',
        decision: true,
      });
      expect(
        transition(snapshot('pending'), {
          ...(ACTIONS.approve as any),
          actor: 'system',
        }),
      ).toMatchObject({ to: 'approved', event: 'auto-approved' });
      expect(transition(snapshot('pending'), ACTIONS.deny)).toMatchObject({
        grant: 'none',
        decision: true,
      });
    });

    it.each(ACCESS_REQUEST_STATUSES)(
      'never lets the requester decide their own request (%s)',
      status => {
        for (const type of ['approve', 'deny'] as const) {
          const result = transition(snapshot(status), {
            ...(ACTIONS[type] as any),
            actor: ALICE,
          });
          expect(result).toEqual({
            kind: 'refused',
            code: 403,
            reason:
              "Nobody decides their own access request: another of the dataset's owners does.",
          });
        }
      },
    );

    it('refuses an approval by an owner of the consuming product; they may still deny', () => {
      expect(
        transition(snapshot('pending'), {
          ...(ACTIONS.approve as any),
          actorOwnsConsumer: true,
        }),
      ).toEqual({
        kind: 'refused',
        code: 403,
        reason:
          "You own the product that asks for this access, so another of the dataset's owners approves it.",
      });
      expect(transition(snapshot('pending'), ACTIONS.deny).kind).toBe('change');
      expect(
        transition(snapshot('pending'), {
          ...(ACTIONS.approve as any),
          actorOwnsConsumer: false,
        }).kind,
      ).toBe('change');
    });

    it("treats the same decider's retry as done, another's as a conflict", () => {
      const approvedByBob = { ...snapshot('approved'), decidedBy: BOB };
      expect(transition(approvedByBob, ACTIONS.approve).kind).toBe('unchanged');
      expect(
        transition({ ...approvedByBob, status: 'granted' }, ACTIONS.approve)
          .kind,
      ).toBe('unchanged');
      expect(transition(approvedByBob, ACTIONS.deny)).toEqual({
        kind: 'refused',
        code: 409,
        reason: `The request is already approved by ${BOB}`,
      });
      const deniedByBob = { ...snapshot('denied'), decidedBy: BOB };
      expect(transition(deniedByBob, ACTIONS.deny).kind).toBe('unchanged');
      expect(transition(deniedByBob, ACTIONS.approve)).toEqual({
        kind: 'refused',
        code: 409,
        reason: `The request is already denied by ${BOB}`,
      });
      expect(transition(snapshot('granted'), ACTIONS.deny)).toEqual({
        kind: 'refused',
        code: 409,
        reason: `The request is already approved by ${DANA}`,
      });
      expect(transition(snapshot('approved'), ACTIONS.approve)).toEqual({
        kind: 'refused',
        code: 409,
        reason: `The request is already approved by ${DANA}`,
      });
    });

    it.each([
      [{ exists: false }, 'the dataset is no longer in the catalog'],
      [{ exists: true, lifecycle: 'retired' }, 'the dataset is retired'],
      [{ exists: true, retirement: 'retired' }, 'the dataset is retired'],
      [
        { exists: true, retirement: 'retiring' },
        'the dataset is being retired',
      ],
      [{ exists: true, lifecycle: 'deprecated' }, 'the dataset is deprecated'],
    ] as const)(
      'refuses to approve when %j (409), but still lets owners deny',
      (dataset, reason) => {
        expect(
          transition(snapshot('pending'), {
            type: 'approve',
            actor: BOB,
            dataset,
          }),
        ).toEqual({
          kind: 'refused',
          code: 409,
          reason: `The request cannot be approved: ${reason}`,
        });
        expect(transition(snapshot('pending'), ACTIONS.deny).kind).toBe(
          'change',
        );
        expect(
          transition(snapshot('approved'), {
            type: 'renew',
            actor: ALICE,
            dataset,
          }),
        ).toEqual({
          kind: 'refused',
          code: 409,
          reason: `The access cannot be renewed: ${reason}`,
        });
      },
    );
  });

  describe('cancelling and revoking', () => {
    it('lets only the requester cancel', () => {
      for (const status of ACCESS_REQUEST_STATUSES) {
        expect(
          transition(snapshot(status), { type: 'cancel', actor: BOB }),
        ).toEqual({
          kind: 'refused',
          code: 403,
          reason: 'Only the person who asked can cancel an access request.',
        });
      }
    });

    it('ends the grant on revoke and expiry, not on supersede', () => {
      expect(transition(snapshot('granted'), ACTIONS.revoke)).toMatchObject({
        grant: 'end',
      });
      expect(transition(snapshot('granted'), ACTIONS.expire)).toMatchObject({
        grant: 'end',
      });
      expect(transition(snapshot('granted'), ACTIONS.supersede)).toMatchObject({
        grant: 'none',
      });
    });

    it('tells owners to deny a pending request instead of revoking it', () => {
      expect(transition(snapshot('pending'), ACTIONS.revoke)).toEqual({
        kind: 'refused',
        code: 409,
        reason: 'A pending request has no grant to revoke: deny it instead',
      });
    });
  });

  describe('expiry', () => {
    it('expires only once the window has passed', () => {
      const running = {
        ...snapshot('granted'),
        validUntil: '2026-06-01T12:00:01.000Z',
      };
      expect(transition(running, ACTIONS.expire)).toEqual({
        kind: 'refused',
        code: 409,
        reason: 'The grant is still within its validity window',
      });
      expect(
        transition(
          { ...running, validUntil: NOW.toISOString() },
          ACTIONS.expire,
        ).kind,
      ).toBe('change');
      const endless = { ...snapshot('granted'), validUntil: undefined };
      expect(transition(endless, ACTIONS.expire).kind).toBe('refused');
    });

    it('notifies once, within the notice period', () => {
      const inTenDays = {
        ...snapshot('granted'),
        validUntil: new Date(NOW.getTime() + 10 * DAY).toISOString(),
      };
      expect(transition(inTenDays, ACTIONS['notify-expiry'])).toEqual({
        kind: 'refused',
        code: 409,
        reason: 'The grant does not end soon',
      });
      const inSixDays = {
        ...inTenDays,
        validUntil: new Date(NOW.getTime() + 6 * DAY).toISOString(),
      };
      expect(transition(inSixDays, ACTIONS['notify-expiry']).kind).toBe(
        'change',
      );
      expect(
        transition(
          { ...inSixDays, expiryNotified: true },
          ACTIONS['notify-expiry'],
        ).kind,
      ).toBe('unchanged');
    });
  });

  describe('provisioning', () => {
    it.each([
      ['approved', 'pending', 'plan', 'succeeded', 'planned'],
      ['approved', 'pending', 'plan', 'partial', 'planned'],
      ['approved', 'pending', 'plan', 'failed', '='],
      ['approved', 'pending', 'apply', 'succeeded', 'applied'],
      ['approved', 'pending', 'apply', 'partial', '='],
      ['approved', 'pending', 'apply', 'failed', '='],
      ['granted', 'planned', 'apply', 'succeeded', 'applied'],
      ['granted', 'planned', 'plan', 'succeeded', '='],
      ['granted', 'applied', 'plan', 'succeeded', '='],
      ['granted', 'applied', 'apply', 'succeeded', '='],
    ] as const)(
      '%s (%s) after a %s run that %s -> %s',
      (status, provisioning, mode, runStatus, expected) => {
        const result = transition(
          { ...snapshot(status), provisioning },
          { type: 'provisioned', mode, runStatus },
        );
        const summary =
          result.kind === 'change'
            ? `${result.to}/${result.event}/${result.grant}/${result.provisioning}`
            : result.kind;
        expect(summary).toBe(
          expected === '=' ? 'unchanged' : `granted/granted/none/${expected}`,
        );
      },
    );
  });
});

describe('decideCreation', () => {
  const base = {
    access: 'restricted' as const,
    dataset: { exists: true, lifecycle: 'production' as const },
    datasetProduct: 'dataproduct:default/sales-orders',
    consumer: 'dataproduct:default/churn',
  };

  it.each([
    [{}, { kind: 'create', status: 'pending', event: 'created' }],
    [
      { access: 'unrestricted' },
      {
        kind: 'create',
        status: 'approved',
        event: 'auto-approved',
        decidedBy: 'system',
      },
    ],
    [
      { access: 'private' },
      {
        kind: 'refused',
        code: 403,
        reason:
          'The dataset is private: its access cannot be requested (only its own product reads it)',
      },
    ],
    [
      { dataset: { exists: true, lifecycle: 'retired' } },
      {
        kind: 'refused',
        code: 409,
        reason:
          'The dataset takes no new access requests: the dataset is retired',
      },
    ],
    [
      { dataset: { exists: true, lifecycle: 'deprecated' } },
      {
        kind: 'refused',
        code: 409,
        reason:
          'The dataset takes no new access requests: the dataset is deprecated',
      },
    ],
    [
      { dataset: { exists: true, retirement: 'retiring' } },
      {
        kind: 'refused',
        code: 409,
        reason:
          'The dataset takes no new access requests: the dataset is being retired',
      },
    ],
    [
      { consumerRetirement: 'retired' },
      {
        kind: 'refused',
        code: 409,
        reason: 'The consuming product is retired: it takes no new inputs',
      },
    ],
    [
      { consumer: 'DataProduct:default/Sales-Orders' },
      {
        kind: 'refused',
        code: 400,
        reason: 'A data product reads its own datasets without a request',
      },
    ],
  ] as const)('%j -> %j', (overrides, expected) => {
    expect(decideCreation({ ...base, ...(overrides as any) })).toEqual(
      expected,
    );
  });
});

describe('computeValidity', () => {
  it('has no end without a duration', () => {
    expect(computeValidity({ now: NOW })).toEqual({
      validFrom: NOW.toISOString(),
    });
  });

  it('ends the duration after approval', () => {
    expect(computeValidity({ now: NOW, duration: '90d' })).toEqual({
      validFrom: NOW.toISOString(),
      validUntil: '2026-08-30T12:00:00.000Z',
    });
    expect(computeValidity({ now: NOW, duration: '12h' }).validUntil).toBe(
      '2026-06-02T00:00:00.000Z',
    );
  });

  it('extends a renewed grant from its end, or from now if that has passed', () => {
    expect(
      computeValidity({
        now: NOW,
        duration: '30d',
        extendsFrom: '2026-06-11T12:00:00.000Z',
      }).validUntil,
    ).toBe('2026-07-11T12:00:00.000Z');
    expect(
      computeValidity({ now: NOW, duration: '30d', extendsFrom: PAST })
        .validUntil,
    ).toBe('2026-07-01T12:00:00.000Z');
  });

  it('refuses a malformed duration', () => {
    expect(() => computeValidity({ now: NOW, duration: '3 weeks' })).toThrow(
      'Invalid duration "3 weeks"',
    );
  });
});
