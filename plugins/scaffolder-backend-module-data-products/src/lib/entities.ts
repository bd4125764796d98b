/*
 * Pure checks of a product repository's catalog-info.yaml: parse its YAML
 * documents and say, per document and field, what is wrong with the
 * DataProduct and Datasets in it.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  DataProductEntity,
  DatasetEntity,
  formatEntityRef,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  MESHPORT_API_VERSION,
  MeshportEnvironment,
  validateEntity,
} from '@meshport/plugin-data-products-common';
import { parseAllDocuments } from 'yaml';

export interface CatalogInfo {
  entities: Entity[];
  /** Problems as `<file> document <n> (<Kind>/<name>): <path>: <reason>`. */
  problems: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses every YAML document; syntax errors become problems with their line. */
export function parseCatalogInfo(
  content: string,
  fileName: string,
): CatalogInfo {
  const entities: Entity[] = [];
  const problems: string[] = [];
  parseAllDocuments(content).forEach((document, index) => {
    const where = `${fileName} document ${index + 1}`;
    if (document.errors.length > 0) {
      problems.push(
        ...document.errors.map(
          error => `${where}: invalid YAML: ${error.message.split('\n')[0]}`,
        ),
      );
      return;
    }
    const value = document.toJS();
    if (value === null || value === undefined) {
      return; // an empty document, e.g. after a trailing ---
    }
    if (!isObject(value)) {
      problems.push(`${where}: must be an entity (a YAML mapping)`);
      return;
    }
    entities.push(value as unknown as Entity);
  });
  return { entities, problems };
}

export interface DraftSummary {
  /** Full ref of the product the file describes (its DataProduct, or the product its Datasets belong to). */
  dataProduct?: string;
  products: DataProductEntity[];
  datasets: DatasetEntity[];
  /** Full refs of every entity in the file, in file order. */
  entityRefs: string[];
}

/** Why a document is not allowed in a product repository, naming its kind. */
export function describeKindProblem(entity: Entity): string {
  return `kind: only ${MESHPORT_API_VERSION} DataProduct and Dataset documents may be declared in a data product's repository (got ${
    entity.apiVersion ?? '<no apiVersion>'
  } ${entity.kind ?? '<no kind>'})`;
}

const describe = (entity: Entity) =>
  `${entity.kind ?? '<no kind>'}/${entity.metadata?.name ?? '<unnamed>'}`;

/**
 * Validates the DataProduct and Datasets against the kinds' schemas and the
 * configured environments, and checks that they describe one product: at
 * most one DataProduct, every Dataset belonging to it (or to
 * `expectedProduct` when the file holds no DataProduct), no name twice.
 */
export function checkDraftEntities(
  entities: Entity[],
  options: {
    fileName: string;
    environments: MeshportEnvironment[];
    /** Full ref of the product Datasets must belong to when the file has no DataProduct. */
    expectedProduct?: string;
  },
): { summary: DraftSummary; problems: string[] } {
  const { fileName, environments } = options;
  const problems: string[] = [];
  const products: DataProductEntity[] = [];
  const datasets: DatasetEntity[] = [];
  const entityRefs: string[] = [];
  const seen = new Set<string>();

  entities.forEach((entity, index) => {
    const where = `${fileName} document ${index + 1} (${describe(entity)})`;
    if (!isDataProductEntity(entity) && !isDatasetEntity(entity)) {
      // A product repository may plant nothing else: no Group, User, Template or Location.
      problems.push(`${where}: ${describeKindProblem(entity)}`);
      return;
    }
    const found = validateEntity(entity, { environments });
    problems.push(
      ...found.map(problem => `${where}: ${problem.path}: ${problem.message}`),
    );
    if (found.length > 0) {
      return;
    }
    const ref = formatEntityRef(entity);
    if (seen.has(ref)) {
      problems.push(`${where}: metadata.name: ${ref} is declared twice`);
      return;
    }
    seen.add(ref);
    entityRefs.push(ref);
    if (isDataProductEntity(entity)) {
      products.push(entity);
    } else {
      datasets.push(entity);
    }
  });

  if (products.length > 1) {
    problems.push(
      `${fileName}: must declare one DataProduct (found ${products
        .map(formatEntityRef)
        .join(', ')})`,
    );
  }
  const dataProduct = products.length
    ? formatEntityRef(products[0])
    : options.expectedProduct?.toLocaleLowerCase('en-US');
  if (!dataProduct && datasets.length > 0) {
    problems.push(
      `${fileName}: declares Datasets but no DataProduct; add the DataProduct or set dataProduct`,
    );
  }
  if (products.length === 0 && datasets.length === 0 && problems.length === 0) {
    problems.push(`${fileName}: declares no DataProduct and no Dataset`);
  }
  if (dataProduct) {
    entities.forEach((entity, index) => {
      if (!isDatasetEntity(entity) || !datasets.includes(entity)) {
        return;
      }
      const owner = getDatasetProductRef(entity).toLocaleLowerCase('en-US');
      if (owner !== dataProduct) {
        problems.push(
          `${fileName} document ${index + 1} (${describe(
            entity,
          )}): spec.dataProduct: must be ${dataProduct}, the product of this repository (got ${owner})`,
        );
      }
    });
  }
  return {
    summary: { dataProduct, products, datasets, entityRefs },
    problems,
  };
}
