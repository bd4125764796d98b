import {
  EntityKindFilter,
  EntityListContextProps,
} from '@backstage/plugin-catalog-react';
import { catalogTableColumns } from './catalogTableColumns';

const contextForKind = (kind: string) =>
  ({
    filters: { kind: new EntityKindFilter(kind, kind) },
    entities: [],
  } as unknown as EntityListContextProps);

const fieldsOf = (kind: string) =>
  catalogTableColumns(contextForKind(kind)).map(column => column.field);

describe('catalogTableColumns', () => {
  it('shows domain, type and lifecycle for data products', () => {
    expect(fieldsOf('dataproduct')).toEqual(
      expect.arrayContaining([
        'entity.spec.domain',
        'entity.spec.type',
        'entity.spec.lifecycle',
        'resolved.ownedByRelationsTitle',
      ]),
    );
  });

  it('shows the producing product and the access level for datasets', () => {
    expect(fieldsOf('Dataset')).toEqual(
      expect.arrayContaining([
        'entity.spec.dataProduct',
        'entity.spec.access',
        'resolved.ownedByRelationsTitle',
      ]),
    );
  });

  it('shows a domain or a product by its name, not its ref', () => {
    const columns = catalogTableColumns(contextForKind('dataproduct'));
    const domain = columns.find(c => c.field === 'entity.spec.domain')!;
    const row = (spec: object) => ({ entity: { spec } } as any);
    expect(domain.render!(row({ domain: 'domain:default/sales' }), 'row')).toBe(
      'sales',
    );
    expect(domain.render!(row({ domain: 'logistics' }), 'row')).toBe(
      'logistics',
    );
    const product = catalogTableColumns(contextForKind('dataset')).find(
      c => c.field === 'entity.spec.dataProduct',
    )!;
    expect(
      product.render!(
        row({ dataProduct: 'dataproduct:default/customer-360' }),
        'row',
      ),
    ).toBe('customer-360');
  });

  it('leaves out tags below 1600 pixels, lifecycle and description below 1280', () => {
    const hiddenAt = (width: number) => {
      window.innerWidth = width;
      return catalogTableColumns(contextForKind('dataset'))
        .filter(c => c.hidden && c.field !== 'entity.metadata.title')
        .map(c => c.field);
    };
    expect(hiddenAt(1024)).toEqual(
      expect.arrayContaining([
        'entity.spec.lifecycle',
        'entity.metadata.description',
        'entity.metadata.tags',
      ]),
    );
    expect(hiddenAt(1440)).toEqual(['entity.metadata.tags']);
    expect(hiddenAt(1920)).toEqual([]);
  });

  it('keeps the default columns for other kinds', () => {
    const fields = fieldsOf('component');
    expect(fields).toContain('entity.spec.type');
    expect(fields).not.toContain('entity.spec.access');
  });
});
