import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import dataProductSchema from './schema/DataProduct.v1alpha1.schema.json';
import datasetSchema from './schema/Dataset.v1alpha1.schema.json';
import { describeType, isObject } from './problems';
import {
  DATA_PRODUCT_KIND,
  DATASET_KIND,
  MeshportEnvironment,
  ValidationProblem,
} from './types';
import {
  describeSchemaErrors,
  getSchemaValidators,
  ROOT_PATH,
} from './schemaProblems';
import { SemanticChecker } from './semanticChecks';

/** JSON Schema (draft-07) of a whole DataProduct entity. */
export const dataProductEntitySchema = dataProductSchema;

/** JSON Schema (draft-07) of a whole Dataset entity. */
export const datasetEntitySchema = datasetSchema;

export interface ValidateOptions {
  /**
   * The configured environments. When given (and not empty), environment names and bucket ids
   * in specs must exist in them; without them those checks are skipped.
   */
  environments?: MeshportEnvironment[];
}

/** The canonical spelling of our kind, when the entity is one (kinds compare case-insensitively). */
function meshportKindOf(entity: Record<string, unknown>): string | undefined {
  if (typeof entity.kind !== 'string') {
    return undefined;
  }
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return [DATA_PRODUCT_KIND, DATASET_KIND].find(
    k => k.toLocaleLowerCase('en-US') === kind,
  );
}

function dedupe(problems: ValidationProblem[]): ValidationProblem[] {
  const seen = new Set<string>();
  return problems.filter(problem => {
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/**
 * Validates a DataProduct or Dataset entity: its shape against the JSON schema, then what a schema
 * cannot check (ref kinds, duplicates, durations, configured environments and buckets).
 * Returns [] for a valid entity and for entities of other kinds.
 */
export function validateEntity(
  entity: unknown,
  options: ValidateOptions = {},
): ValidationProblem[] {
  if (!isObject(entity)) {
    return [
      {
        path: ROOT_PATH,
        message: `must be an object (got ${describeType(entity)})`,
      },
    ];
  }
  const kind = meshportKindOf(entity);
  if (!kind) {
    return [];
  }
  const validators = getSchemaValidators();
  const validate =
    kind === DATA_PRODUCT_KIND ? validators.dataProduct : validators.dataset;
  // The schema spells the kind one way; Backstage accepts any casing.
  const subject = entity.kind === kind ? entity : { ...entity, kind };

  const problems: ValidationProblem[] = [];
  if (!validate(subject)) {
    problems.push(...describeSchemaErrors(validate.errors ?? [], subject));
  }

  if (isObject(entity.spec)) {
    const checker = new SemanticChecker(entity, options.environments ?? []);
    if (kind === DATA_PRODUCT_KIND) {
      checker.checkDataProductSpec(entity.spec);
    } else {
      checker.checkDatasetSpec(entity.spec);
    }
    problems.push(...checker.problems);
  }
  return dedupe(problems);
}

function describeEntity(entity: unknown) {
  const fields = isObject(entity) ? entity : {};
  const metadata = isObject(fields.metadata) ? fields.metadata : {};
  return {
    kind: typeof fields.kind === 'string' ? fields.kind : '<unknown kind>',
    namespace:
      typeof metadata.namespace === 'string'
        ? metadata.namespace
        : DEFAULT_NAMESPACE,
    name:
      typeof metadata.name === 'string' && metadata.name
        ? metadata.name
        : '<unnamed>',
  };
}

/** `Dataset/orders`, or `Dataset/finance/orders` outside the default namespace. */
export function formatEntityName(entity: unknown): string {
  const { kind, namespace, name } = describeEntity(entity);
  return namespace === DEFAULT_NAMESPACE
    ? `${kind}/${name}`
    : `${kind}/${namespace}/${name}`;
}

/** `dataset:default/orders`, in the form of `stringifyEntityRef`, even for an entity missing fields. */
export function formatEntityRef(entity: unknown): string {
  const { kind, namespace, name } = describeEntity(entity);
  return `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`;
}

/** One line for a problem: `Dataset/orders: spec.access: is required`. */
export function formatProblem(
  entity: unknown,
  problem: ValidationProblem,
): string {
  return `${formatEntityName(entity)}: ${problem.path}: ${problem.message}`;
}

/** Thrown by {@link assertValidEntity}; `problems` holds everything that was found. */
export class MeshportValidationError extends Error {
  readonly problems: ValidationProblem[];

  constructor(entity: unknown, problems: ValidationProblem[]) {
    const { kind } = describeEntity(entity);
    const details = problems.map(p => `${p.path}: ${p.message}`).join('; ');
    super(`Invalid ${kind} ${formatEntityRef(entity)}: ${details}`);
    this.name = 'MeshportValidationError';
    this.problems = problems;
  }
}

/** Throws a {@link MeshportValidationError} unless {@link validateEntity} finds nothing. */
export function assertValidEntity(
  entity: unknown,
  options?: ValidateOptions,
): void {
  const problems = validateEntity(entity, options);
  if (problems.length > 0) {
    throw new MeshportValidationError(entity, problems);
  }
}
