import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  pipelineProducts,
  pipelineRefusal,
  readPipelineScopes,
} from './pipelineScopes';

const scopes = readPipelineScopes(
  new ConfigReader({
    meshport: {
      pipelines: [
        { subject: 'ci-sales-orders', dataProducts: ['sales-orders'] },
        {
          subject: 'external:github:repo:acme/finance-revenue:*',
          dataProducts: ['dataproduct:default/Finance-Revenue'],
        },
        { subject: 'platform-ci', dataProducts: ['*'] },
      ],
    },
  }),
);

describe('pipeline scopes', () => {
  it('reads short refs as full lowercase DataProduct refs', () => {
    expect(scopes[0].dataProducts).toEqual([
      'dataproduct:default/sales-orders',
    ]);
    expect(scopes[1].dataProducts).toEqual([
      'dataproduct:default/finance-revenue',
    ]);
  });

  it('lets a static-token pipeline deploy its own product only', () => {
    const ci = mockCredentials.service('ci-sales-orders');
    expect(
      pipelineRefusal(scopes, ci, 'dataproduct:default/sales-orders'),
    ).toBeUndefined();
    expect(
      pipelineRefusal(scopes, ci, 'dataproduct:default/finance-revenue'),
    ).toBe(
      'The pipeline ci-sales-orders may deploy dataproduct:default/sales-orders only, not dataproduct:default/finance-revenue (meshport.pipelines)',
    );
    expect(pipelineRefusal(scopes, ci)).toMatch(
      /platform-wide provisioning needs a Meshport admin/,
    );
  });

  it('matches JWKS subjects by prefix', () => {
    const main = mockCredentials.service(
      'external:github:repo:acme/finance-revenue:ref:refs/heads/main',
    );
    expect(
      pipelineRefusal(scopes, main, 'dataproduct:default/finance-revenue'),
    ).toBeUndefined();
    const fork = mockCredentials.service(
      'external:github:repo:evil/finance-revenue:ref:refs/heads/main',
    );
    expect(
      pipelineRefusal(scopes, fork, 'dataproduct:default/finance-revenue'),
    ).toBe(
      'The pipeline external:github:repo:evil/finance-revenue:ref:refs/heads/main may deploy no data product: no meshport.pipelines entry names it',
    );
  });

  it('leaves users and backend plugins to the permission policy', () => {
    expect(
      pipelineProducts(scopes, mockCredentials.user('user:default/alice')),
    ).toBeUndefined();
    expect(
      pipelineRefusal(
        scopes,
        mockCredentials.service('plugin:scaffolder'),
        'dataproduct:default/anything',
      ),
    ).toBeUndefined();
  });

  it('gives a * entry every product and platform-wide runs', () => {
    const platform = mockCredentials.service('platform-ci');
    expect(pipelineRefusal(scopes, platform)).toBeUndefined();
    expect(
      pipelineRefusal(scopes, platform, 'dataproduct:default/x'),
    ).toBeUndefined();
  });

  it('names the bad key of a broken entry', () => {
    expect(() =>
      readPipelineScopes(
        new ConfigReader({
          meshport: {
            pipelines: [{ subject: 'ci', dataProducts: ['group:team-sales'] }],
          },
        }),
      ),
    ).toThrow(/meshport.pipelines\[0\].dataProducts: must be DataProduct refs/);
  });
});
