import { parseGrantsFile } from './grantsFile';

describe('parseGrantsFile', () => {
  it('reads grants with full or short refs and derives missing ids', () => {
    expect(
      parseGrantsFile({
        grants: [
          {
            consumer: 'dataproduct:default/x',
            dataset: 'dataset:default/y',
            environments: ['dev'],
          },
          {
            id: 'g2',
            consumer: 'x',
            dataset: 'y',
            environments: ['prd'],
            validUntil: '2026-01-01T00:00:00Z',
          },
        ],
      }),
    ).toEqual([
      {
        id: 'dataproduct:default/x->dataset:default/y',
        consumer: 'dataproduct:default/x',
        dataset: 'dataset:default/y',
        environments: ['dev'],
      },
      {
        id: 'g2',
        consumer: 'dataproduct:default/x',
        dataset: 'dataset:default/y',
        environments: ['prd'],
        validUntil: '2026-01-01T00:00:00Z',
      },
    ]);
    expect(parseGrantsFile({})).toEqual([]);
  });

  it('says where a grants file is wrong', () => {
    expect(() => parseGrantsFile([])).toThrow(
      'Invalid grants file at the root',
    );
    expect(() => parseGrantsFile({ grants: {} })).toThrow(
      'at grants: expected a list',
    );
    expect(() =>
      parseGrantsFile({ grants: [{ dataset: 'y', environments: ['dev'] }] }),
    ).toThrow('at grants[0].consumer');
    expect(() =>
      parseGrantsFile({
        grants: [{ consumer: 'x', dataset: 'y', environments: [] }],
      }),
    ).toThrow('at grants[0].environments');
    expect(() =>
      parseGrantsFile({
        grants: [
          {
            consumer: 'x',
            dataset: 'y',
            environments: ['dev'],
            validUntil: 'soon',
          },
        ],
      }),
    ).toThrow('at grants[0].validUntil');
    expect(() =>
      parseGrantsFile({
        grants: [
          { consumer: 'dataproduct:', dataset: 'y', environments: ['dev'] },
        ],
      }),
    ).toThrow(
      "at grants[0].consumer: 'dataproduct:' is not a valid entity ref",
    );
    expect(() =>
      parseGrantsFile({
        grants: [{ consumer: 'x', dataset: 'group:y', environments: ['dev'] }],
      }),
    ).toThrow(
      "at grants[0].dataset: expected a Dataset entity ref, got 'group:y'",
    );
  });
});
