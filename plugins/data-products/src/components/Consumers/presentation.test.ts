import type { Consumption } from '@meshport/plugin-data-products-common';
import { describeConsumption, summarizeConsumers } from './presentation';

const base: Consumption = {
  consumer: 'dataproduct:default/churn',
  consumerTitle: 'Churn',
  dataset: 'dataset:default/orders',
  datasetTitle: 'Orders',
  state: 'declared',
  declared: true,
  grantedEnvironments: [],
  undeclaredGrant: false,
  undeclaredRead: false,
};

describe('describeConsumption', () => {
  it('says what each state means, and what is out of line', () => {
    expect(describeConsumption(base)).toEqual({
      state: 'Declared, no access yet',
    });
    expect(
      describeConsumption({
        ...base,
        state: 'granted',
        declared: false,
        undeclaredGrant: true,
        grantedEnvironments: ['dev', 'prd'],
      }),
    ).toEqual({
      state: 'Granted (dev, prd)',
      warning: 'Holds access without declaring an input port',
    });
    expect(
      describeConsumption({ ...base, state: 'requested', declared: false }),
    ).toEqual({
      state: 'Requested, waiting for a decision',
      warning: 'Asked without declaring an input port',
    });
    expect(
      describeConsumption({
        ...base,
        state: 'read',
        declared: false,
        undeclaredRead: true,
      }),
    ).toEqual({
      state: 'Reads it',
      warning: 'Reads without an input port or a grant',
    });
  });
});

describe('summarizeConsumers', () => {
  it('counts consumers and their states', () => {
    expect(summarizeConsumers([])).toBe('No data product consumes it.');
    expect(
      summarizeConsumers([
        base,
        { ...base, consumer: 'dataproduct:default/ads', state: 'granted' },
        { ...base, consumer: 'dataproduct:default/x', state: 'read' },
      ]),
    ).toBe('3 consumers: 1 granted, 1 declared, 1 reading undeclared.');
  });
});
