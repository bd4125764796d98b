import fs from 'node:fs/promises';
import {
  DATA_PRODUCT_KIND,
  DATASET_KIND,
  formatProblem,
  MESHPORT_API_VERSION,
  MeshportEnvironment,
  suggestName,
  validateEntity,
} from '@meshport/plugin-data-products-common';
import { findYamlFiles } from './files';
import { parseYamlDocuments } from './yamlDocuments';

const MESHPORT_KINDS = ['dataproduct', 'dataset'];

function isMeshportDocument(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) {
    return false;
  }
  const kind = (document as { kind?: unknown }).kind;
  return (
    typeof kind === 'string' && MESHPORT_KINDS.includes(kind.toLowerCase())
  );
}

/**
 * A document that claims Meshport's apiVersion but has no kind Meshport knows (e.g. a typo,
 * `DataProducts`): the problem line naming the kind and the nearest valid one, else undefined.
 */
export function unknownMeshportKindProblem(
  file: string,
  document: unknown,
): string | undefined {
  if (
    typeof document !== 'object' ||
    document === null ||
    (document as { apiVersion?: unknown }).apiVersion !==
      MESHPORT_API_VERSION ||
    isMeshportDocument(document)
  ) {
    return undefined;
  }
  const { kind, metadata } = document as {
    kind?: unknown;
    metadata?: { name?: unknown };
  };
  const known = [DATA_PRODUCT_KIND, DATASET_KIND];
  const name = typeof metadata?.name === 'string' ? metadata.name : '<unnamed>';
  if (typeof kind !== 'string') {
    return `${file}: <no kind>/${name}: kind: must be ${known.join(
      ' or ',
    )} for ${MESHPORT_API_VERSION}`;
  }
  const suggestion = suggestName(kind, known);
  return `${file}: ${kind}/${name}: kind: unknown kind "${kind}" for ${MESHPORT_API_VERSION} (${
    suggestion
      ? `did you mean "${suggestion}"?`
      : `expected ${known.join(' or ')}`
  })`;
}

export interface CatalogEntity {
  file: string;
  /** `DataProduct` or `Dataset` as written (any case). */
  kind: string;
  /** The parsed document; valid when `problems` is empty. */
  entity: unknown;
  /** One line per problem: `<file>: <Kind>/<name>: <field path>: <message>`. */
  problems: string[];
}

export interface Catalog {
  entities: CatalogEntity[];
  /**
   * Every problem line in file order: YAML syntax errors
   * (`<file>: <unknown>: <line:col>: <message>`) and the entities' problems.
   */
  problems: string[];
}

/**
 * Reads every DataProduct and Dataset in the given files and folders (folders are searched for
 * `*.yaml` and `*.yml`) and validates each, against `environments` when given. Other kinds and
 * non-object documents are ignored, except an unknown kind under Meshport's apiVersion (a typo)
 * and a file named on the command line that holds no DataProduct or Dataset: both are problems.
 * Throws a UsageError for paths that do not exist.
 */
export async function readCatalog(
  paths: string[],
  environments?: MeshportEnvironment[],
): Promise<Catalog> {
  const catalog: Catalog = { entities: [], problems: [] };
  // Files named on the command line must hold entities; files found in folders may be anything.
  const explicitFiles = new Set<string>();
  for (const given of paths) {
    if ((await fs.stat(given).catch(() => undefined))?.isFile()) {
      explicitFiles.add(given);
    }
  }
  for (const file of await findYamlFiles(paths)) {
    const { documents, errors } = parseYamlDocuments(
      await fs.readFile(file, 'utf8'),
    );
    for (const error of errors) {
      catalog.problems.push(
        `${file}: <unknown>: ${error.position}: ${error.message}`,
      );
    }
    for (const document of documents) {
      const problem = unknownMeshportKindProblem(file, document);
      if (problem) {
        catalog.problems.push(problem);
      }
    }
    if (explicitFiles.has(file) && errors.length === 0) {
      if (documents.length === 0) {
        catalog.problems.push(
          `${file}: holds no entity (the file has no YAML document)`,
        );
      } else if (!documents.some(isMeshportDocument)) {
        const meshportApi = documents.some(
          d =>
            (d as { apiVersion?: unknown })?.apiVersion ===
            MESHPORT_API_VERSION,
        );
        if (!meshportApi) {
          catalog.problems.push(
            `${file}: holds no DataProduct or Dataset (${MESHPORT_API_VERSION})`,
          );
        }
      }
    }
    for (const document of documents.filter(isMeshportDocument)) {
      const problems = validateEntity(document, { environments }).map(
        problem => `${file}: ${formatProblem(document, problem)}`,
      );
      catalog.entities.push({
        file,
        kind: (document as { kind: string }).kind,
        entity: document,
        problems,
      });
      catalog.problems.push(...problems);
    }
  }
  return catalog;
}
