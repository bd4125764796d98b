import { refusalSentence } from './sentences';

const shipments = {
  title: 'Shipments',
  owners: [{ title: 'Logistics', type: 'team' }],
};

describe('refusalSentence', () => {
  it.each<[string, string, Parameters<typeof refusalSentence>[1], string]>([
    [
      'deciding a request: the dataset and its owning team by title',
      'data-products.access-request.decide',
      [shipments],
      'Only the owners of Shipments — Logistics team — or a Meshport admin can decide requests for it.',
    ],
    [
      'revoking, owned by a person and a group',
      'data-products.access-grant.revoke',
      [
        {
          title: 'Shipments',
          owners: [
            { title: 'Erin Example' },
            { title: 'Logistics', type: 'team' },
          ],
        },
      ],
      'Only the owners of Shipments — Erin Example and Logistics team — or a Meshport admin can revoke access to it.',
    ],
    [
      'reconciling a product without a known owner',
      'data-products.provisioning.run',
      [{ title: 'Sales Orders', owners: [] }],
      'Only the owners of Sales Orders or a Meshport admin can reconcile it.',
    ],
    [
      'retiring',
      'data-products.retirement.manage',
      [{ title: 'Sales Orders', owners: [{ title: 'Sales', type: 'team' }] }],
      'Only the owners of Sales Orders — Sales team — or a Meshport admin can retire it or change its retirement.',
    ],
    [
      'measurements on several datasets',
      'data-products.slo.measurement.create',
      [
        shipments,
        { title: 'Orders', owners: [{ title: 'Sales', type: 'team' }] },
      ],
      'Only their owners or a Meshport admin can record SLO measurements for them: Shipments is owned by Logistics team; Orders is owned by Sales team.',
    ],
    [
      'an admin-only action',
      'data-products.provisioning.admin',
      [],
      'Only a Meshport admin can provision the whole mesh or read every product’s provisioning.',
    ],
    [
      'a permission the policy decides',
      'data-products.lineage.event.create',
      [],
      "This portal's access policy does not let you send lineage events. Ask a Meshport admin if you need to.",
    ],
    [
      'reading a product’s provisioning, named',
      'data-products.provisioning.read',
      [{ title: 'Sales Orders', owners: [] }],
      "This portal's access policy does not let you see how Sales Orders is provisioned. Ask a Meshport admin if you need to.",
    ],
    [
      'an unknown permission never shows its name',
      'some.other.permission',
      [],
      "This portal's access policy does not let you do this. Ask a Meshport admin if you need to.",
    ],
  ])('%s', (_name, permission, subjects, expected) => {
    const sentence = refusalSentence(permission, subjects);
    expect(sentence).toBe(expected);
    expect(sentence).not.toMatch(/[a-z-]+\.[a-z-]+\.[a-z]/);
    expect(sentence).not.toMatch(/[a-z]+:[a-z]+\//);
  });
});
