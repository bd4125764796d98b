import type { AccessRequestStatus } from '@meshport/plugin-data-products-common';
import { availableActions } from './AccessRequestActions';
import {
  describeAccessLevel,
  describeAccessStatus,
  describeDuration,
  describeEvent,
  describeTransition,
  describeValidity,
  isUserRef,
  toRequestedDuration,
} from './presentation';
import { sameRef, shortRef } from './refs';

describe('describeAccessStatus', () => {
  it.each([
    ['pending', undefined, 'pending', 'pending'],
    ['approved', 'pending', 'approved, provisioning', 'running'],
    ['approved', undefined, 'approved, provisioning', 'running'],
    ['approved', 'planned', 'approved, planned', 'ok'],
    ['granted', 'planned', 'approved, planned', 'ok'],
    ['granted', 'applied', 'granted', 'ok'],
    ['denied', undefined, 'denied', 'error'],
    ['cancelled', undefined, 'cancelled', 'aborted'],
    ['revoked', 'applied', 'revoked', 'warning'],
    ['expired', 'planned', 'expired', 'aborted'],
  ] as const)(
    '%s with provisioning %s reads "%s"',
    (status, provisioning, label, tone) => {
      expect(describeAccessStatus({ status, provisioning })).toMatchObject({
        label,
        tone,
      });
    },
  );

  it('shows a status it does not know as it is', () => {
    expect(
      describeAccessStatus({ status: 'frozen' as AccessRequestStatus }).label,
    ).toBe('frozen');
  });
});

describe('describeValidity', () => {
  it('gives the end of the window once approved', () => {
    const text = describeValidity({
      status: 'granted',
      validFrom: '2026-11-21T10:00:00.000Z',
      validUntil: '2027-02-19T10:00:00.000Z',
      requestedDuration: '90d',
    });
    expect(text).toBe(
      `until ${new Date('2027-02-19T10:00:00.000Z').toLocaleDateString()}`,
    );
  });

  it('says when an approved access has no end', () => {
    expect(
      describeValidity({
        status: 'approved',
        validFrom: '2026-11-21T10:00:00.000Z',
      }),
    ).toBe('no end date');
  });

  it('gives the requested duration before a decision', () => {
    expect(
      describeValidity({ status: 'pending', requestedDuration: '90d' }),
    ).toBe('90 days requested');
    expect(describeValidity({ status: 'pending' })).toBe(
      'no end date requested',
    );
  });
});

describe('describeDuration', () => {
  it.each([
    ['30d', '30 days'],
    ['1d', '1 day'],
    ['12h', '12 hours'],
    ['45m', '45 minutes'],
    [undefined, 'no end date'],
    ['3 weeks', '3 weeks'],
  ])('%s -> %s', (duration, words) => {
    expect(describeDuration(duration)).toBe(words);
  });

  it('maps the "no end date" choice to no duration', () => {
    expect(toRequestedDuration('none')).toBeUndefined();
    expect(toRequestedDuration('')).toBeUndefined();
    expect(toRequestedDuration('180d')).toBe('180d');
  });
});

describe('describeAccessLevel', () => {
  it('refuses the form for private datasets', () => {
    expect(describeAccessLevel('private')).toMatchObject({
      requestable: false,
      text: expect.stringMatching(/private: access cannot be requested/),
    });
  });

  it('says that access to an unrestricted dataset is immediate', () => {
    expect(describeAccessLevel('unrestricted')).toMatchObject({
      requestable: true,
      text: expect.stringMatching(/access is immediate/),
    });
  });

  it("says that a restricted dataset's owners decide", () => {
    expect(describeAccessLevel('restricted')).toMatchObject({
      requestable: true,
      text: expect.stringMatching(/owners approves or denies/),
    });
  });

  it('refuses the form for a retired dataset whatever its level', () => {
    expect(describeAccessLevel('unrestricted', 'retired')).toMatchObject({
      requestable: false,
      text: expect.stringMatching(/retired/),
    });
  });

  it('refuses the form, with the reason and the sunset, for a retiring or deprecated dataset', () => {
    const retiring = describeAccessLevel('unrestricted', 'deprecated', {
      state: 'retiring',
      sunset: '2027-03-01T00:00:00.000Z',
    });
    expect(retiring).toMatchObject({
      requestable: false,
      text: expect.stringMatching(/being retired \(its sunset is .*2027.*\)/),
    });
    expect(retiring.text).not.toMatch(/T00:00/);
    expect(describeAccessLevel('restricted', 'deprecated')).toMatchObject({
      requestable: false,
      text: expect.stringMatching(/deprecated: it accepts no new access/),
    });
    expect(
      describeAccessLevel('restricted', 'production', { state: 'retired' }),
    ).toMatchObject({ requestable: false });
  });

  it('refuses the form for an unknown level', () => {
    expect(describeAccessLevel('open')).toMatchObject({ requestable: false });
  });
});

describe('history wording', () => {
  it('names the events and the status change', () => {
    expect(describeEvent({ type: 'auto-approved' })).toMatch(
      /Approved at once/,
    );
    expect(describeEvent({ type: 'renewal-requested' })).toBe(
      'Renewal requested',
    );
    expect(
      describeTransition({ fromStatus: 'pending', toStatus: 'approved' }),
    ).toBe('pending → approved');
    expect(describeTransition({ toStatus: 'pending' })).toBe('pending');
    expect(
      describeTransition({ fromStatus: 'granted', toStatus: 'granted' }),
    ).toBe('');
  });

  it('links users but not the system actor', () => {
    expect(isUserRef('user:default/erin')).toBe(true);
    expect(isUserRef('system')).toBe(false);
    expect(isUserRef('group:default/team-sales')).toBe(false);
  });
});

describe('refs', () => {
  it('shortens refs in the default namespace only', () => {
    expect(shortRef('dataset:default/orders')).toBe('orders');
    expect(shortRef('dataset:other/orders')).toBe('other/orders');
  });

  it('compares refs case-insensitively', () => {
    expect(sameRef('user:default/John.Doe', 'user:default/john.doe')).toBe(
      true,
    );
    expect(sameRef('user:default/alice', 'user:default/bob')).toBe(false);
    expect(sameRef(undefined, 'user:default/bob')).toBe(false);
  });
});

describe('availableActions', () => {
  const all = { decide: true, cancel: true, revoke: true, renew: true };
  it.each([
    ['pending', all, ['approve', 'deny', 'cancel']],
    ['pending', { cancel: true }, ['cancel']],
    ['pending', { decide: true }, ['approve', 'deny']],
    ['pending', { revoke: true, renew: true }, []],
    ['approved', all, ['renew', 'revoke']],
    ['granted', { revoke: true }, ['revoke']],
    ['granted', { renew: true }, ['renew']],
    ['denied', all, []],
    ['cancelled', all, []],
    ['revoked', all, []],
    ['expired', all, []],
  ] as const)('%s with %j offers %j', (status, can, expected) => {
    expect(availableActions({ status }, can)).toEqual(expected);
  });
});
