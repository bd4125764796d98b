import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { dataProduct } from '../testing/entities';
import {
  pipelineProducts,
  pipelineRefusal,
  pipelineRefusalSentence,
  readPipelineScopes,
  requirePipelineScope,
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
      pipelineRefusal(scopes, ci, 'dataproduct:default/Finance-Revenue'),
    ).toEqual({
      subject: 'ci-sales-orders',
      allowed: ['dataproduct:default/sales-orders'],
      refused: 'dataproduct:default/finance-revenue',
    });
    expect(pipelineRefusal(scopes, ci)).toEqual({
      subject: 'ci-sales-orders',
      allowed: ['dataproduct:default/sales-orders'],
    });
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
    ).toEqual({
      subject: 'external:github:repo:evil/finance-revenue:ref:refs/heads/main',
      allowed: [],
      refused: 'dataproduct:default/finance-revenue',
    });
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

  describe('the refusal in words', () => {
    const titles = new Map([
      ['dataproduct:default/sales-orders', 'Sales orders'],
      ['dataproduct:default/finance-revenue', 'Finance revenue'],
      ['dataproduct:default/web-orders', 'Web orders'],
    ]);

    it('names the products by title, the refused one last', () => {
      expect(
        pipelineRefusalSentence(
          {
            subject: 'ci-sales-orders',
            allowed: ['dataproduct:default/sales-orders'],
            refused: 'dataproduct:default/finance-revenue',
          },
          titles,
        ),
      ).toBe(
        'The pipeline ci-sales-orders may deploy Sales orders only, not Finance revenue.',
      );
    });

    it('lists several products and says a platform-wide run needs an admin', () => {
      expect(
        pipelineRefusalSentence(
          {
            subject: 'ci',
            allowed: [
              'dataproduct:default/sales-orders',
              'dataproduct:default/web-orders',
              'dataproduct:default/finance-revenue',
            ],
          },
          titles,
        ),
      ).toBe(
        'The pipeline ci may deploy Sales orders, Web orders and Finance revenue only; provisioning the whole mesh needs a Meshport admin.',
      );
    });

    it('says a pipeline without products may deploy none, without config keys', () => {
      const sentence = pipelineRefusalSentence({ subject: 'ci', allowed: [] });
      expect(sentence).toBe('The pipeline ci may deploy no data product.');
    });

    it('reads a product the catalog does not know by its name, never its ref', () => {
      const sentence = pipelineRefusalSentence({
        subject: 'ci',
        allowed: ['dataproduct:default/sales-orders'],
        refused: 'dataproduct:default/brand-new',
      });
      expect(sentence).toBe(
        'The pipeline ci may deploy sales-orders only, not brand-new.',
      );
      expect(sentence).not.toMatch(/dataproduct:|default\//);
    });

    it('throws a 403 with the titles the catalog holds', async () => {
      const catalog = catalogServiceMock({
        entities: [
          {
            ...dataProduct('sales-orders'),
            metadata: { name: 'sales-orders', title: 'Sales orders' },
          },
          {
            ...dataProduct('finance-revenue'),
            metadata: { name: 'finance-revenue', title: 'Finance revenue' },
          },
        ],
      });
      const ci = mockCredentials.service('ci-sales-orders');
      await expect(
        requirePipelineScope(
          scopes,
          catalog,
          ci,
          'dataproduct:default/finance-revenue',
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message:
          'The pipeline ci-sales-orders may deploy Sales orders only, not Finance revenue.',
      });
      await expect(
        requirePipelineScope(
          scopes,
          catalog,
          ci,
          'dataproduct:default/sales-orders',
        ),
      ).resolves.toBeUndefined();
    });

    it('still refuses, with names, when the catalog cannot be read', async () => {
      const catalog = {
        getEntitiesByRefs: async () => {
          throw new Error('catalog down');
        },
      };
      await expect(
        requirePipelineScope(
          scopes,
          catalog,
          mockCredentials.service('ci-sales-orders'),
        ),
      ).rejects.toThrow(
        'The pipeline ci-sales-orders may deploy sales-orders only; provisioning the whole mesh needs a Meshport admin.',
      );
    });
  });
});
