import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { DEFAULT_NAMESPACE, parseEntityRef } from '@backstage/catalog-model';
import dataProductSchema from './schema/DataProduct.v1alpha1.schema.json';
import datasetSchema from './schema/Dataset.v1alpha1.schema.json';
import { parseDuration } from './duration';
import {
  describeType,
  describeValue,
  isObject,
  joinPath,
  suggestName,
  unknownFieldMessage,
} from './problems';
import { SPEC_REF_DEFAULT_KINDS, SpecRefField } from './refs';
import {
  DATA_PRODUCT_KIND,
  DATASET_KIND,
  MeshportEnvironment,
  ValidationProblem,
} from './types';

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

/** Path used for a problem with the document as a whole. */
const ROOT_PATH = '<root>';

/** What a pattern means, for messages; keyed by the schemas' `pattern` strings. */
const PATTERN_HINTS: Record<string, string> = {
  '^\\d+(m|h|d)$': 'must be a duration like 24h, 30m or 20d',
  '^\\d+\\.\\d+\\.\\d+$': 'must be a semantic version like 2.0.0',
  '^\\d{4}-\\d{2}-\\d{2}$': 'must be a date like 2027-01-31',
  '^[a-z0-9_]+$':
    'must use only lowercase letters, digits and _ (Glue lowercases names)',
  '^[^/\\s]\\S*$':
    'must be a key prefix without a leading "/" or spaces, e.g. sales/orders/',
  '^[a-z0-9][a-z0-9-]*$':
    'must be a bucket id from meshport.environments[].buckets (lowercase letters, digits and -)',
  '^[a-z][a-z0-9-]*$':
    'must be an environment name (lowercase letters, digits and -)',
  '^[a-zA-Z][a-zA-Z0-9+.-]*:\\S+$':
    'must be a URL with a scheme, e.g. https://... or mailto:...',
  '^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$':
    'must be letters and digits, optionally separated by -, _ or .',
  '^[a-z0-9]+(-[a-z0-9]+)*$':
    'must be lowercase letters and digits, separated by -',
};

/** Capitalisation of the kinds users are likely to write in a ref, for messages. */
const KNOWN_KINDS = [
  'API',
  'Component',
  'DataProduct',
  'Dataset',
  'Domain',
  'Group',
  'Location',
  'Resource',
  'System',
  'Template',
  'User',
];

let compiledValidators:
  | { dataProduct: ValidateFunction; dataset: ValidateFunction }
  | undefined;

// Compiled once, on first use: compiling is slow, and the catalog validates
// every entity in every processing loop.
function getSchemaValidators() {
  if (!compiledValidators) {
    const ajv = new Ajv({ allErrors: true, verbose: true });
    compiledValidators = {
      dataProduct: ajv.compile(dataProductEntitySchema),
      dataset: ajv.compile(datasetEntitySchema),
    };
  }
  return compiledValidators;
}

/**
 * Converts an ajv instance path (`/spec/outputs/1`) to our dotted path. It walks the data so
 * that numeric keys of objects stay keys rather than becoming indexes.
 */
function toDottedPath(instancePath: string, root: unknown): string {
  let path = '';
  let value: unknown = root;
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      const index = Number(segment);
      path = joinPath(path, index);
      value = value[index];
    } else {
      path = joinPath(path, segment);
      value = isObject(value) ? value[segment] : undefined;
    }
  }
  return path;
}

function withPath(parent: string, key: string): string {
  return joinPath(parent, key) || ROOT_PATH;
}

/** A problem from the schema; `meant` is the field a typo'd unknown field probably stands for. */
type SchemaProblem = ValidationProblem & { meant?: string };

function describeSchemaError(
  error: ErrorObject,
  root: unknown,
): SchemaProblem | undefined {
  const path = toDottedPath(error.instancePath, root);
  const got = `(got ${describeValue(error.data)})`;
  const params = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'if':
      // Always accompanied by the errors of the failing `then`, which say more.
      return undefined;
    case 'required':
      return {
        path: withPath(path, params.missingProperty),
        message: 'is required',
      };
    case 'additionalProperties': {
      const known = Object.keys(error.parentSchema?.properties ?? {});
      return {
        path: path || ROOT_PATH,
        message: unknownFieldMessage(params.additionalProperty, known),
        meant: suggestName(params.additionalProperty, known),
      };
    }
    case 'enum':
      return {
        path,
        message: `must be one of: ${params.allowedValues.join(', ')} ${got}`,
      };
    case 'const':
      return {
        path,
        message: `must be ${describeValue(params.allowedValue)} ${got}`,
      };
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map(type =>
          type === 'array'
            ? 'a list'
            : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`,
        )
        .join(' or ');
      return {
        path: path || ROOT_PATH,
        message: `must be ${expected} (got ${describeType(error.data)})`,
      };
    }
    case 'pattern': {
      const hint =
        PATTERN_HINTS[params.pattern] ?? `must match ${params.pattern}`;
      return { path, message: `${hint} ${got}` };
    }
    case 'minLength':
      return {
        path,
        message:
          params.limit === 1
            ? 'must not be empty'
            : `must be at least ${params.limit} characters long ${got}`,
      };
    case 'maxLength':
      return {
        path,
        message: `must be at most ${params.limit} characters long ${got}`,
      };
    case 'minItems':
      return {
        path,
        message: `must list at least ${params.limit} item${
          params.limit === 1 ? '' : 's'
        }`,
      };
    case 'uniqueItems': {
      const items = error.data as unknown[];
      const [first, second] = [params.i, params.j].sort((a, b) => a - b);
      return {
        path,
        message: `must not contain duplicates ([${first}] and [${second}] are both ${describeValue(
          items[first],
        )})`,
      };
    }
    case 'exclusiveMinimum':
      return {
        path,
        message: `must be greater than ${params.limit} (got ${error.data})`,
      };
    case 'minimum':
      return {
        path,
        message: `must be at least ${params.limit} (got ${error.data})`,
      };
    case 'maximum':
      return {
        path,
        message: `must be at most ${params.limit} (got ${error.data})`,
      };
    default:
      return {
        path: path || ROOT_PATH,
        message: error.message ?? 'is invalid',
      };
  }
}

function describeSchemaErrors(
  errors: ErrorObject[],
  root: unknown,
): ValidationProblem[] {
  const described = errors
    .map(error => describeSchemaError(error, root))
    .filter((problem): problem is SchemaProblem => problem !== undefined);
  // `acess: x` also makes `access` missing; the typo alone says what to fix.
  const explainedByTypo = new Set(
    described
      .filter(problem => problem.meant)
      .map(problem =>
        joinPath(
          problem.path === ROOT_PATH ? '' : problem.path,
          problem.meant!,
        ),
      ),
  );
  return described
    .filter(
      problem =>
        !(
          problem.message === 'is required' && explainedByTypo.has(problem.path)
        ),
    )
    .map(({ path, message }) => ({ path, message }));
}

/**
 * Checks the things a JSON schema cannot express. Each check looks at the value's type itself,
 * because it also runs when the schema already found problems elsewhere.
 */
class SemanticChecker {
  readonly problems: ValidationProblem[] = [];
  private readonly namespace: string;

  constructor(
    entity: Record<string, unknown>,
    private readonly environments: MeshportEnvironment[],
  ) {
    const metadata = isObject(entity.metadata) ? entity.metadata : {};
    this.namespace =
      typeof metadata.namespace === 'string'
        ? metadata.namespace
        : DEFAULT_NAMESPACE;
  }

  private report(path: string, message: string) {
    this.problems.push({ path, message });
  }

  /** Resolves a spec ref and checks its kind; returns the full ref when usable. */
  checkRef(
    path: string,
    field: SpecRefField,
    value: unknown,
    allowedKinds: string[],
  ): string | undefined {
    if (typeof value !== 'string' || !value) {
      return undefined;
    }
    let ref;
    try {
      ref = parseEntityRef(value, {
        defaultKind: SPEC_REF_DEFAULT_KINDS[field],
        defaultNamespace: this.namespace,
      });
    } catch (error) {
      this.report(
        path,
        `is not a valid entity ref like ${SPEC_REF_DEFAULT_KINDS[
          field
        ].toLowerCase()}:default/name (${(error as Error).message})`,
      );
      return undefined;
    }
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (!allowedKinds.some(k => k.toLocaleLowerCase('en-US') === kind)) {
      const written =
        KNOWN_KINDS.find(k => k.toLocaleLowerCase('en-US') === kind) ??
        ref.kind;
      this.report(
        path,
        `must refer to a ${allowedKinds.join(' or ')}, got kind ${written}`,
      );
      return undefined;
    }
    return `${kind}:${ref.namespace}/${ref.name}`.toLocaleLowerCase('en-US');
  }

  checkDuration(path: string, value: unknown) {
    // The schema reports strings that don't parse; here only the ones that parse to nothing.
    if (typeof value === 'string' && parseDuration(value) === 0) {
      this.report(path, `must be longer than 0 (got "${value}")`);
    }
  }

  checkDataProductSpec(spec: Record<string, unknown>) {
    this.checkRef('spec.owner', 'owner', spec.owner, ['Group', 'User']);
    this.checkRef('spec.domain', 'domain', spec.domain, ['Domain']);

    if (Array.isArray(spec.inputPorts)) {
      const seen = new Map<string, number>();
      spec.inputPorts.forEach((port, index) => {
        if (!isObject(port)) {
          return;
        }
        const path = `spec.inputPorts[${index}].dataset`;
        const ref = this.checkRef(path, 'inputPort', port.dataset, ['Dataset']);
        if (!ref) {
          return;
        }
        const first = seen.get(ref);
        if (first !== undefined) {
          this.report(
            path,
            `lists ${ref} a second time (already at spec.inputPorts[${first}]); one input port per dataset`,
          );
        } else {
          seen.set(ref, index);
        }
      });
    }

    if (this.environments.length > 0 && Array.isArray(spec.environments)) {
      const names = this.environments.map(e => e.name);
      spec.environments.forEach((name, index) => {
        if (typeof name === 'string' && !names.includes(name)) {
          this.report(
            `spec.environments[${index}]`,
            `unknown environment "${name}" (configured: ${names.join(', ')})`,
          );
        }
      });
    }
  }

  checkDatasetSpec(spec: Record<string, unknown>) {
    this.checkRef('spec.dataProduct', 'dataProduct', spec.dataProduct, [
      'DataProduct',
    ]);
    this.checkRef('spec.owner', 'owner', spec.owner, ['Group', 'User']);

    if (Array.isArray(spec.outputs)) {
      this.checkOutputs(spec.outputs);
    }

    const schema = spec.schema;
    if (isObject(schema) && Array.isArray(schema.columns)) {
      this.checkColumns(schema.columns);
    }

    if (isObject(spec.slos)) {
      for (const [name, slo] of Object.entries(spec.slos)) {
        if (isObject(slo)) {
          this.checkDuration(`spec.slos.${name}.window`, slo.window);
          this.checkDuration(`spec.slos.${name}.maxAge`, slo.maxAge);
        }
      }
    }
  }

  private checkOutputs(outputs: unknown[]) {
    const seen = new Map<string, number>();
    const bucketsEverywhere = this.bucketsInEveryEnvironment();
    outputs.forEach((output, index) => {
      if (!isObject(output)) {
        return;
      }
      const path = `spec.outputs[${index}]`;
      const key = outputKey(output);
      if (key) {
        const first = seen.get(key);
        if (first !== undefined) {
          this.report(path, `duplicates spec.outputs[${first}] (${key})`);
        } else {
          seen.set(key, index);
        }
      }
      if (
        output.type === 's3' &&
        typeof output.bucket === 'string' &&
        bucketsEverywhere &&
        !bucketsEverywhere.includes(output.bucket)
      ) {
        this.report(
          `${path}.bucket`,
          this.unknownBucketMessage(output.bucket, bucketsEverywhere),
        );
      }
    });
  }

  private bucketsInEveryEnvironment(): string[] | undefined {
    if (this.environments.length === 0) {
      return undefined;
    }
    const [first, ...rest] = this.environments;
    return Object.keys(first.buckets).filter(id =>
      rest.every(env => id in env.buckets),
    );
  }

  private unknownBucketMessage(bucket: string, everywhere: string[]): string {
    const missingIn = this.environments
      .filter(env => !(bucket in env.buckets))
      .map(env => env.name);
    const valid = everywhere.length
      ? `buckets configured in every environment: ${everywhere.join(', ')}`
      : 'no bucket id is configured in every environment';
    if (missingIn.length === this.environments.length) {
      return `unknown bucket "${bucket}" (${valid})`;
    }
    return `bucket "${bucket}" is not configured in environment ${missingIn.join(
      ', ',
    )} (${valid})`;
  }

  private checkColumns(columns: unknown[]) {
    // Glue and most query engines compare column names case-insensitively.
    const seen = new Map<string, number>();
    columns.forEach((column, index) => {
      if (!isObject(column) || typeof column.name !== 'string') {
        return;
      }
      const key = column.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        this.report(
          `spec.schema.columns[${index}].name`,
          `duplicate column "${column.name}" (already at spec.schema.columns[${first}])`,
        );
      } else {
        seen.set(key, index);
      }
    });
  }
}

function outputKey(output: Record<string, unknown>): string | undefined {
  if (
    output.type === 's3' &&
    typeof output.bucket === 'string' &&
    typeof output.path === 'string'
  ) {
    const prefix = output.path.endsWith('/') ? output.path : `${output.path}/`;
    return `s3 ${output.bucket}/${prefix}`;
  }
  if (output.type === 'glue' && typeof output.database === 'string') {
    return typeof output.table === 'string'
      ? `glue ${output.database}.${output.table}`
      : `glue ${output.database}`;
  }
  return undefined;
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
