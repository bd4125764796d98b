import fs from 'node:fs/promises';
import {
  formatProblem,
  MeshportEnvironment,
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
 * non-object documents are ignored. Throws a UsageError for paths that do not exist.
 */
export async function readCatalog(
  paths: string[],
  environments?: MeshportEnvironment[],
): Promise<Catalog> {
  const catalog: Catalog = { entities: [], problems: [] };
  for (const file of await findYamlFiles(paths)) {
    const { documents, errors } = parseYamlDocuments(
      await fs.readFile(file, 'utf8'),
    );
    for (const error of errors) {
      catalog.problems.push(
        `${file}: <unknown>: ${error.position}: ${error.message}`,
      );
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
