import {
  DATA_PRODUCT_GRAPH_RELATIONS,
  DATA_PRODUCT_RELATION_PAIRS,
} from './graph';

describe('catalog graph settings', () => {
  it('draws arrows in the direction the data flows', () => {
    expect(DATA_PRODUCT_RELATION_PAIRS).toEqual([
      ['hasOutput', 'outputOf'],
      ['consumedBy', 'consumes'],
      ['lineageTo', 'lineageFrom'],
    ]);
  });

  it('follows owner, domain, outputs and consumers but not whole domains or teams', () => {
    expect(DATA_PRODUCT_GRAPH_RELATIONS).toEqual(
      expect.arrayContaining([
        'ownedBy',
        'partOf',
        'hasOutput',
        'outputOf',
        'consumes',
        'consumedBy',
        'lineageTo',
        'lineageFrom',
      ]),
    );
    expect(DATA_PRODUCT_GRAPH_RELATIONS).not.toContain('hasPart');
    expect(DATA_PRODUCT_GRAPH_RELATIONS).not.toContain('ownerOf');
  });
});
