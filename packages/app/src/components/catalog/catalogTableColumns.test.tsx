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

  it('keeps the default columns for other kinds', () => {
    const fields = fieldsOf('component');
    expect(fields).toContain('entity.spec.type');
    expect(fields).not.toContain('entity.spec.access');
  });
});
