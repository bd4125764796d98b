import type { Entity } from '@backstage/catalog-model';
import { parse, parseAllDocuments } from 'yaml';
import {
  datasetYaml,
  productYaml,
  testEnvironments,
} from '../__testUtils__/context';
import {
  checkPushedDocuments,
  ownersNamed,
  serializeCatalogInfo,
} from './documents';

const PRODUCT = 'dataproduct:default/customer-churn';
const product = parse(productYaml()) as Entity;
const dataset = parse(datasetYaml()) as Entity;
const check = (
  entities: unknown[],
  productRef = PRODUCT,
  productTitle?: string,
) =>
  checkPushedDocuments(entities, {
    productRef,
    environments: testEnvironments,
    productTitle,
  });

describe('checkPushedDocuments', () => {
  it('accepts the product of the repository with its datasets', () => {
    expect(check([product, dataset])).toEqual([]);
  });

  it('refuses a document of another kind, naming it', () => {
    const group = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'admins' },
      spec: { type: 'team', children: [] },
    };
    expect(check([product, group])).toEqual([
      "catalog-info.yaml document 2 (Group/admins): kind: only meshport.io/v1alpha1 DataProduct and Dataset documents may be declared in a data product's repository (got backstage.io/v1alpha1 Group)",
    ]);
  });

  it('refuses another product and the datasets of another product, naming them', () => {
    const other = parse(productYaml('finance-ledger')) as Entity;
    expect(check([other])).toEqual([
      'catalog-info.yaml declares the data product "finance-ledger", but this repository holds "customer-churn": apply each product on its own.',
    ]);
    // titles as the author wrote them and as the catalog has the repository's product
    other.metadata.title = 'Finance ledger';
    expect(check([other], PRODUCT, 'Customer churn')).toEqual([
      'catalog-info.yaml declares the data product "Finance ledger" (finance-ledger), but this repository holds "Customer churn" (customer-churn): apply each product on its own.',
    ]);
    const foreign = parse(datasetYaml('ledger', 'finance-ledger')) as Entity;
    expect(check([product, foreign])).toEqual([
      'catalog-info.yaml document 2 (Dataset/ledger): spec.dataProduct: must be dataproduct:default/customer-churn, the product of this repository (got dataproduct:default/finance-ledger)',
    ]);
  });

  it('needs the DataProduct itself, and entities', () => {
    expect(check([dataset])).toEqual([
      'catalog-info.yaml must declare the data product "customer-churn" itself, with its datasets; it declares only the dataset "churn-scores".',
    ]);
    expect(check(['kind: Dataset'])).toEqual([
      'Document 1 is not a catalog entity: each document must be a mapping with a kind and metadata.',
    ]);
  });

  it('names no entity ref in what it says', () => {
    const other = parse(productYaml('finance-ledger')) as Entity;
    for (const problem of [...check([other]), ...check([dataset])]) {
      expect(problem).not.toMatch(/dataproduct:|dataset:/);
    }
  });

  it('names invalid fields as validate does', () => {
    const invalid = parse(
      datasetYaml('churn-scores', 'customer-churn', 'public'),
    );
    expect(check([product, invalid])).toEqual([
      expect.stringMatching(
        /^catalog-info.yaml document 2 \(Dataset\/churn-scores\): spec.access: must be one of/,
      ),
    ]);
  });
});

describe('ownersNamed', () => {
  it('lists the owners as full group refs, once each', () => {
    const marketing = {
      ...dataset,
      spec: { ...dataset.spec, owner: 'group:default/team-marketing' },
    };
    expect(ownersNamed([product, dataset, marketing])).toEqual([
      'group:default/team-sales',
      'group:default/team-marketing',
    ]);
  });
});

describe('serializeCatalogInfo', () => {
  it("serialises the documents under the current file's header comment", () => {
    const current = `# The declarative spec of this data product.\n# Read by the portal.\n${productYaml()}`;
    const tricky = {
      ...dataset,
      metadata: { ...dataset.metadata, description: 'a: b\n---\n- not a list' },
    };
    const text = serializeCatalogInfo([product, tricky], current);
    expect(
      text.startsWith(
        '# The declarative spec of this data product.\n# Read by the portal.\n',
      ),
    ).toBe(true);
    const documents = parseAllDocuments(text).map(d => d.toJS());
    expect(documents).toEqual([product, tricky]);
  });

  it('writes no comment when the file had none', () => {
    const text = serializeCatalogInfo([product]);
    expect(text.startsWith('apiVersion: meshport.io/v1alpha1\n')).toBe(true);
  });
});
