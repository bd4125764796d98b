import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { DataProductsEntitiesProcessor } from './DataProductsEntitiesProcessor';
import { toTargets } from './lineage/lineageRelations';

const location = { type: 'file', target: '/tmp/catalog-info.yaml' };

const environments: MeshportEnvironment[] = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-dev-datalake' } },
    readsFrom: [],
  },
];

const product: Entity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'customer-360', namespace: 'marketing' },
  spec: {
    owner: 'team-marketing',
    domain: 'domain:default/customers',
    environments: ['dev'],
    inputPorts: [
      { dataset: 'dataset:sales/orders', purpose: 'Order history' },
      { dataset: 'web-visits', purpose: 'Browsing behaviour' },
    ],
  },
};

const dataset: Entity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'orders', namespace: 'sales' },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'user:default/jane',
    access: 'restricted',
    outputs: [{ type: 's3', bucket: 'datalake', path: 'sales/orders/' }],
  },
};

async function relationsOf(
  entity: Entity,
  options: ConstructorParameters<typeof DataProductsEntitiesProcessor>[0] = {},
) {
  const emitted: CatalogProcessorResult[] = [];
  const processor = new DataProductsEntitiesProcessor({
    environments,
    ...options,
  });
  const returned = await processor.postProcessEntity(entity, location, result =>
    emitted.push(result),
  );
  expect(returned).toBe(entity);
  return emitted.map(result => {
    if (result.type !== 'relation') {
      throw new Error(`unexpected ${result.type} result`);
    }
    const { source, type, target } = result.relation;
    return `${source.kind}:${source.namespace}/${source.name} ${type} ${target.kind}:${target.namespace}/${target.name}`;
  });
}

describe('DataProductsEntitiesProcessor', () => {
  describe('validateEntityKind', () => {
    const processor = new DataProductsEntitiesProcessor({ environments });

    it('accepts valid DataProducts and Datasets', async () => {
      await expect(processor.validateEntityKind(product)).resolves.toBe(true);
      await expect(processor.validateEntityKind(dataset)).resolves.toBe(true);
    });

    it('leaves other kinds to other processors', async () => {
      await expect(
        processor.validateEntityKind({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'x' },
          spec: { owner: 'a', type: 'service', lifecycle: 'production' },
        }),
      ).resolves.toBe(false);
      // Someone else's Dataset kind is not ours to judge.
      await expect(
        processor.validateEntityKind({
          apiVersion: 'example.com/v1',
          kind: 'Dataset',
          metadata: { name: 'x' },
        }),
      ).resolves.toBe(false);
    });

    it('throws an InputError naming the entity, each field and what was expected', async () => {
      const invalid = {
        ...dataset,
        spec: {
          ...dataset.spec,
          access: 'public',
          dataProduct: 'component:sales-orders',
          outputs: [{ type: 's3', bucket: 'lake', path: 'sales/orders/' }],
        },
      };
      const error = await processor.validateEntityKind(invalid).then(
        () => undefined,
        e => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        [
          'Invalid Dataset dataset:sales/orders:',
          '  spec.access: must be one of: unrestricted, restricted, private (got "public")',
          '  spec.dataProduct: must refer to a DataProduct, got kind Component',
          '  spec.outputs[0].bucket: unknown bucket "lake" (buckets configured in every environment: datalake)',
        ].join('\n'),
      );
    });

    it('explains a mistyped meshport.io apiVersion', async () => {
      await expect(
        processor.validateEntityKind({
          ...product,
          apiVersion: 'meshport.io/v1',
        }),
      ).rejects.toThrow(
        'apiVersion: must be "meshport.io/v1alpha1" (got "meshport.io/v1")',
      );
    });

    it('lists at most ten problems and counts the rest', async () => {
      const columns = Array.from({ length: 12 }, (_, i) => ({
        name: `c${i}`,
        type: 'text',
      }));
      const invalid = {
        ...dataset,
        spec: { ...dataset.spec, schema: { columns } },
      };
      const error = await processor.validateEntityKind(invalid).then(
        () => undefined,
        e => e,
      );
      const lines = error.message.split('\n');
      expect(lines).toHaveLength(12);
      expect(lines[10]).toBe(
        '  spec.schema.columns[9].type: must be one of: string, date, timestamp, time, number, integer, object, array, boolean (got "text")',
      );
      expect(lines[11]).toBe('  ... and 2 more');
    });
  });

  describe('postProcessEntity', () => {
    it('emits owner, domain and input port relations of a DataProduct both ways', async () => {
      expect(await relationsOf(product)).toEqual([
        'DataProduct:marketing/customer-360 ownedBy Group:marketing/team-marketing',
        'Group:marketing/team-marketing ownerOf DataProduct:marketing/customer-360',
        'DataProduct:marketing/customer-360 partOf domain:default/customers',
        'domain:default/customers hasPart DataProduct:marketing/customer-360',
        'DataProduct:marketing/customer-360 consumes dataset:sales/orders',
        'dataset:sales/orders consumedBy DataProduct:marketing/customer-360',
        'DataProduct:marketing/customer-360 consumes Dataset:marketing/web-visits',
        'Dataset:marketing/web-visits consumedBy DataProduct:marketing/customer-360',
      ]);
    });

    it('emits owner and producing product relations of a Dataset both ways', async () => {
      expect(await relationsOf(dataset)).toEqual([
        'Dataset:sales/orders ownedBy user:default/jane',
        'user:default/jane ownerOf Dataset:sales/orders',
        'Dataset:sales/orders outputOf DataProduct:sales/sales-orders',
        'DataProduct:sales/sales-orders hasOutput Dataset:sales/orders',
      ]);
    });

    it('emits runtime lineage next to the declared relations, from the cached source', async () => {
      const lineageRelations = {
        get: jest.fn(async () =>
          toTargets({
            items: [
              {
                source: 'dataset:sales/orders',
                target: 'dataproduct:default/churn',
              },
              {
                source: 'dataproduct:default/other',
                target: 'dataset:sales/orders',
              },
            ],
          }),
        ),
      };
      const relations = await relationsOf(dataset, { lineageRelations });
      expect(relations.slice(4)).toEqual([
        'Dataset:sales/orders lineageTo dataproduct:default/churn',
        'dataproduct:default/churn lineageFrom Dataset:sales/orders',
      ]);
      expect(lineageRelations.get).toHaveBeenCalledTimes(1);
    });

    it('emits nothing for other kinds', async () => {
      expect(
        await relationsOf({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'x' },
          spec: { owner: 'team-a', domain: 'b' },
        }),
      ).toEqual([]);
    });
  });
});
