/*
 * What a JSON schema cannot check in a DataProduct or Dataset spec: ref
 * kinds, duplicates, durations, configured environments and buckets.
 */
import { DEFAULT_NAMESPACE, parseEntityRef } from '@backstage/catalog-model';
import { parseDuration } from './duration';
import { isObject } from './problems';
import { SPEC_REF_DEFAULT_KINDS, SpecRefField } from './refs';
import { KNOWN_KINDS } from './schemaProblems';
import { MeshportEnvironment, ValidationProblem } from './types';

/**
 * Checks the things a JSON schema cannot express. Each check looks at the value's type itself,
 * because it also runs when the schema already found problems elsewhere.
 */
export class SemanticChecker {
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
