import {
  describeType,
  describeValue,
  isObject,
  joinPath,
  unknownFieldMessage,
} from './problems';
import type { MeshportEnvironment, ValidationProblem } from './types';

const ENVIRONMENT_FIELDS = [
  'name',
  'accountId',
  'region',
  'buckets',
  'readsFrom',
  // Credentials, boundary and trust: read and checked by the AWS module.
  'aws',
] as const;

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]*$/;
const ACCOUNT_ID = /^\d{12}$/;
// e.g. eu-west-1, us-gov-west-1, ap-southeast-2
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// Bucket ids are what Dataset outputs write in `bucket`.
const BUCKET_ID = /^[a-z0-9][a-z0-9-]*$/;
// The S3 naming rules, without the rarely used dots.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const CONFIG_PATH = 'meshport.environments';

/**
 * Reads the plain value of `meshport.environments` into environments, collecting every problem
 * (with paths such as `meshport.environments[1].accountId`) rather than stopping at the first.
 * A missing value means no environments are configured.
 */
export function parseEnvironments(raw: unknown): {
  environments: MeshportEnvironment[];
  problems: ValidationProblem[];
} {
  const problems: ValidationProblem[] = [];
  const report = (path: string, message: string) =>
    problems.push({ path, message });

  if (raw === undefined || raw === null) {
    return { environments: [], problems };
  }
  if (!Array.isArray(raw)) {
    report(
      CONFIG_PATH,
      `must be a list of environments (got ${describeType(raw)})`,
    );
    return { environments: [], problems };
  }

  const environments: MeshportEnvironment[] = [];
  const names = new Map<string, number>();
  raw.forEach((entry, index) => {
    const path = joinPath(CONFIG_PATH, index);
    if (!isObject(entry)) {
      report(path, `must be an object (got ${describeType(entry)})`);
      return;
    }
    for (const field of Object.keys(entry)) {
      if (!(ENVIRONMENT_FIELDS as readonly string[]).includes(field)) {
        report(path, unknownFieldMessage(field, ENVIRONMENT_FIELDS));
      }
    }

    const name = readString(entry, 'name', path, report);
    if (name !== undefined) {
      if (!ENVIRONMENT_NAME.test(name)) {
        report(
          `${path}.name`,
          `must start with a lowercase letter and use only lowercase letters, digits and - (got ${describeValue(
            name,
          )})`,
        );
      } else if (names.has(name)) {
        report(
          `${path}.name`,
          `duplicate environment name "${name}" (already at ${joinPath(
            CONFIG_PATH,
            names.get(name)!,
          )})`,
        );
      } else {
        names.set(name, index);
      }
    }

    let accountId: string | undefined;
    if (typeof entry.accountId === 'number') {
      // YAML reads an unquoted 012345678901 as a number and drops the leading zero.
      report(
        `${path}.accountId`,
        `must be a string of 12 digits: quote it, e.g. accountId: '${entry.accountId}'`,
      );
    } else {
      accountId = readString(entry, 'accountId', path, report);
      if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) {
        report(
          `${path}.accountId`,
          `must be a 12-digit AWS account id (got ${describeValue(accountId)})`,
        );
      }
    }

    const region = readString(entry, 'region', path, report);
    if (region !== undefined && !REGION.test(region)) {
      report(
        `${path}.region`,
        `must be an AWS region like eu-west-1 (got ${describeValue(region)})`,
      );
    }

    const buckets = readBuckets(entry.buckets, `${path}.buckets`, report);
    const readsFrom = readStringList(
      entry.readsFrom,
      `${path}.readsFrom`,
      report,
    );

    environments.push({
      name: name ?? '',
      accountId: accountId ?? '',
      region: region ?? '',
      buckets,
      readsFrom,
    });
  });

  // readsFrom can only be checked once every name is known.
  environments.forEach((environment, index) => {
    environment.readsFrom.forEach((other, position) => {
      const path = `${joinPath(CONFIG_PATH, index)}.readsFrom[${position}]`;
      if (other === environment.name) {
        report(path, `must not be the environment itself ("${other}")`);
      } else if (!names.has(other)) {
        report(
          path,
          `unknown environment "${other}" (configured: ${[...names.keys()].join(
            ', ',
          )})`,
        );
      }
    });
  });

  return { environments, problems };
}

function readString(
  entry: Record<string, unknown>,
  field: string,
  path: string,
  report: (path: string, message: string) => void,
): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null) {
    report(`${path}.${field}`, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    report(`${path}.${field}`, `must be a string (got ${describeType(value)})`);
    return undefined;
  }
  if (!value) {
    report(`${path}.${field}`, 'must not be empty');
    return undefined;
  }
  return value;
}

function readBuckets(
  value: unknown,
  path: string,
  report: (path: string, message: string) => void,
): Record<string, { name: string }> {
  const buckets: Record<string, { name: string }> = {};
  if (value === undefined || value === null) {
    report(
      path,
      'is required: at least one bucket, e.g. datalake: { name: my-bucket }',
    );
    return buckets;
  }
  if (!isObject(value)) {
    report(
      path,
      `must map bucket ids to { name } (got ${describeType(value)})`,
    );
    return buckets;
  }
  if (Object.keys(value).length === 0) {
    report(path, 'must configure at least one bucket');
  }
  for (const [id, bucket] of Object.entries(value)) {
    const bucketPath = joinPath(path, id);
    if (!BUCKET_ID.test(id)) {
      report(
        bucketPath,
        `bucket id "${id}" must use only lowercase letters, digits and -`,
      );
    }
    if (!isObject(bucket)) {
      report(
        bucketPath,
        `must be an object with the bucket's name (got ${describeType(
          bucket,
        )})`,
      );
      continue;
    }
    for (const field of Object.keys(bucket)) {
      if (field !== 'name') {
        report(bucketPath, unknownFieldMessage(field, ['name']));
      }
    }
    const name = readString(bucket, 'name', bucketPath, report);
    if (name !== undefined && !BUCKET_NAME.test(name)) {
      report(
        `${bucketPath}.name`,
        `must be a valid S3 bucket name: 3-63 lowercase letters, digits, - and . (got ${describeValue(
          name,
        )})`,
      );
    }
    if (name !== undefined) {
      buckets[id] = { name };
    }
  }
  return buckets;
}

function readStringList(
  value: unknown,
  path: string,
  report: (path: string, message: string) => void,
): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    report(
      path,
      `must be a list of environment names (got ${describeType(value)})`,
    );
    return [];
  }
  const names: string[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string') {
      names.push(item);
    } else {
      report(
        `${path}[${index}]`,
        `must be an environment name (got ${describeType(item)})`,
      );
    }
  });
  return names;
}

/**
 * The part of Backstage's `Config` that {@link readEnvironmentsFromConfig} uses; declared here so
 * that this package needs no dependency on `@backstage/config`. Any `Config` fits.
 */
export interface MeshportConfigSource {
  getOptional(key: string): unknown;
}

/**
 * Reads `meshport.environments` from the app config. Throws an Error listing every problem, one
 * per line, so that a misconfigured backend refuses to start with a message naming each field.
 */
export function readEnvironmentsFromConfig(
  config: MeshportConfigSource,
): MeshportEnvironment[] {
  const { environments, problems } = parseEnvironments(
    config.getOptional(CONFIG_PATH),
  );
  if (problems.length > 0) {
    throw new Error(
      `Invalid Meshport configuration:\n${problems
        .map(problem => `  ${problem.path}: ${problem.message}`)
        .join('\n')}`,
    );
  }
  return environments;
}
