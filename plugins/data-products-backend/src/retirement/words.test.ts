import {
  locationLabel,
  refName,
  releaseSummary,
  requestActivity,
  runActivity,
} from './words';

/** What people must never read: refs, location refs, UUIDs, ISO timestamps. */
const RAW =
  /(?:[a-z]+:default\/)|(?:\b(?:file|url|meshport-local-git):)|(?:[0-9a-f]{8}-[0-9a-f]{4}-)|(?:\d{4}-\d\d-\d\dT)/i;

describe('retirement words', () => {
  it('names a repository or file as people know it, never its location ref', () => {
    expect(locationLabel('meshport-local-git:customer-churn')).toBe(
      "the portal's repository customer-churn",
    );
    expect(
      locationLabel(
        'url:https://github.com/acme/orders/blob/main/catalog-info.yaml',
      ),
    ).toBe('the repository github.com/acme/orders');
    expect(
      locationLabel('url:https://git.example.com/orders/catalog-info.yaml'),
    ).toBe('the repository git.example.com/orders');
    expect(
      locationLabel('file:/srv/portal/examples/sales-orders/catalog-info.yaml'),
    ).toBe('the file sales-orders/catalog-info.yaml on the portal host');
    expect(locationLabel(undefined)).toBe('an unknown place');
    for (const label of [
      locationLabel('file:/portal/examples/all.yaml'),
      locationLabel('url:not a url'),
      locationLabel('github-discovery:acme'),
    ]) {
      expect(label).not.toMatch(RAW);
    }
  });

  it('says what happened to an access request with titles and words', () => {
    expect(requestActivity('Customer 360', 'Orders', 'granted')).toBe(
      'Customer 360 was granted access to Orders',
    );
    expect(requestActivity('Customer 360', 'Orders', 'pending')).toBe(
      'Customer 360 asked for access to Orders',
    );
    expect(requestActivity('Churn', 'Orders', 'revoked')).toBe(
      "Churn's access to Orders was revoked",
    );
  });

  it('says a provisioning run in words, not its trigger and status names', () => {
    expect(runActivity('grant-change', 'apply', 'partial')).toBe(
      'An access-change provisioning run partly failed',
    );
    expect(runActivity('schedule', 'plan', 'succeeded')).toBe(
      'A scheduled provisioning run (plan only) succeeded',
    );
  });

  it('sums up a release without the run id', () => {
    expect(releaseSummary({ mode: 'apply', deletes: 1, failed: 0 })).toBe(
      'Released 1 resource',
    );
    expect(releaseSummary({ mode: 'plan', deletes: 3, failed: 0 })).toBe(
      'Planned the release of 3 resources (plan mode: nothing was changed)',
    );
    expect(releaseSummary({ mode: 'apply', deletes: 2, failed: 1 })).toBe(
      'Released 2 resources; 1 operation failed (e.g. Glue databases that still hold tables are kept): see the run on the Provisioning tab',
    );
  });

  it('reads a ref without a title by its name', () => {
    expect(refName('dataset:default/orders-daily')).toBe('orders-daily');
    expect(refName('not a ref')).toBe('not a ref');
  });
});
