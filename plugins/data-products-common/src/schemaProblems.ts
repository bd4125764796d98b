/*
 * Problems the JSON schemas find, as sentences for people: dotted paths,
 * what a pattern means, the field a typo'd unknown field probably stands for.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import dataProductSchema from './schema/DataProduct.v1alpha1.schema.json';
import datasetSchema from './schema/Dataset.v1alpha1.schema.json';
import {
  describeType,
  describeValue,
  isObject,
  joinPath,
  suggestName,
  unknownFieldMessage,
} from './problems';
import { ValidationProblem } from './types';

/** Path used for a problem with the document as a whole. */
export const ROOT_PATH = '<root>';

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
export const KNOWN_KINDS = [
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
export function getSchemaValidators() {
  if (!compiledValidators) {
    const ajv = new Ajv({ allErrors: true, verbose: true });
    compiledValidators = {
      dataProduct: ajv.compile(dataProductSchema),
      dataset: ajv.compile(datasetSchema),
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

export function withPath(parent: string, key: string): string {
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

export function describeSchemaErrors(
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
