/*
 * The pure AWS planner: products, datasets, grants and environments in, the
 * desired AWS state out. No I/O, no clock unless none is given, deterministic.
 *
 * Decisions (also in the README):
 * - A product gets three roles, a workspace prefix `products/<product>/` in
 *   the workspace bucket (Athena results under `athena-results/`) and an
 *   Athena workgroup in every environment it lists (default: all).
 * - A product owns the S3 prefixes and Glue databases of its datasets'
 *   outputs. A Glue database used by one product only is created and managed
 *   by Meshport; one shared by several products is not, and each of them may
 *   only write its own tables in it. Overlapping claims of different products
 *   are errors and neither product gets the contested location.
 * - Cross-environment reads: a grant for environment E lets the consumer's
 *   roles in E read the dataset as produced in E and in every environment F
 *   listed in E's `readsFrom`. The same holds for a product's own outputs.
 *   Writes never cross environments.
 * - `private` datasets are read only by their producer; grants on them and
 *   grants whose consumer, dataset or environment does not exist are plan
 *   warnings and are skipped. Retired products and datasets are not planned.
 */
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import type {
  Grant,
  ProvisioningInput,
} from '@meshport/plugin-data-products-node';
import {
  accessControlOf,
  effectiveEnvironmentSettings,
} from '../environmentConfig';
import { planCrossAccount } from './crossAccount';
import { DatasetInstance, planLakeFormation } from './lakeFormation';
import { policyJson } from '../apply/policyDocuments';
import type { AwsProvisionerConfig, AwsTrustConfig } from '../config';
import {
  AWS_ROLE_KINDS,
  AwsAthenaWorkgroup,
  AwsBucket,
  AwsDesiredState,
  AwsGlueDatabase,
  AwsPlanProblem,
  AwsRole,
  AwsRoleKind,
  AwsTags,
  PolicyDocument,
  PolicyStatement,
  TAG_DATA_PRODUCT,
  TAG_ENVIRONMENT,
  TAG_MANAGED,
  TAG_ROLE,
} from '../model';
import {
  dataCatalogName,
  EnvironmentArns,
  normalizeRef,
  productSlug,
  refOf,
  roleName,
  shortHash,
  workgroupName,
} from './names';
import {
  findPolicyViolations,
  formatCount,
  IAM_INLINE_POLICIES_MAX_CHARS,
  IAM_MANAGED_POLICY_MAX_CHARS,
  packStatements,
  POLICY_VERSION,
} from './packing';
import {
  addPrefix,
  buildStatementSpecs,
  emptyRoleAccess,
  RoleAccess,
} from './permissions';

export interface PlanAwsOptions {
  /** Grants with `validUntil` at or before this instant are left out. Default: now. */
  now?: Date;
}

/** Where a product keeps its own files (Athena results, scratch). */
export function workspacePrefix(productRef: string): string {
  return `products/${productSlug(productRef)}/`;
}

export const ATHENA_RESULTS_FOLDER = 'athena-results/';

interface S3Location {
  bucketId: string;
  prefix: string;
}

interface GlueLocation {
  database: string;
  /** undefined: the whole database. */
  table?: string;
}

interface DatasetInfo {
  ref: string;
  productRef: string;
  access: DatasetEntity['spec']['access'];
  s3: S3Location[];
  glue: GlueLocation[];
}

interface ProductInfo {
  ref: string;
  environments: string[];
  datasets: DatasetInfo[];
}

/** The locations a product may write in one environment, after conflict checks. */
interface ProductEnvironmentState {
  product: ProductInfo;
  environment: MeshportEnvironment;
  arns: EnvironmentArns;
  /** dataset ref -> its S3 objects / Glue resources in this environment. */
  datasetS3: Map<string, Array<{ bucket: string; prefix: string }>>;
  datasetGlue: Map<string, GlueLocation[]>;
  /** Databases owned alone (managed by Meshport). */
  ownedDatabases: Set<string>;
  workspace?: { bucket: string; prefix: string };
  roleNames?: Record<AwsRoleKind, string>;
  workgroup?: AwsAthenaWorkgroup;
}

const UNSAFE_IN_ARN = /[*?$]/;

function isRetired(entity: { spec?: { lifecycle?: string } }): boolean {
  return entity.spec?.lifecycle === 'retired';
}

function byKey<T>(key: (t: T) => string) {
  // Code-unit order, not locale order: the same on every machine.
  return (a: T, b: T) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) return 0;
    return ka < kb ? -1 : 1;
  };
}

/** IAM's default AssumeRolePolicySizeQuota (raisable to 4,096). */
export const IAM_DEFAULT_TRUST_POLICY_MAX_CHARS = 2048;

/** Plans the complete desired AWS state. Pure and deterministic. */
export function planAwsDesiredState(
  input: ProvisioningInput,
  config: AwsProvisionerConfig,
  options: PlanAwsOptions = {},
): AwsDesiredState {
  const problems: AwsPlanProblem[] = [];
  const now = (options.now ?? new Date()).getTime();
  const environments = input.environments;
  const envByName = new Map(environments.map(e => [e.name, e]));

  const products = collectProducts(input.products, envByName, problems);
  const datasets = collectDatasets(input.datasets, products, problems);

  // Per environment: resolve locations, check ownership conflicts.
  const states = new Map<string, ProductEnvironmentState>(); // `${env}\n${product}`
  const key = (env: string, product: string) => `${env}\n${product}`;
  const buckets: AwsBucket[] = [];
  const glueDatabases: AwsGlueDatabase[] = [];
  for (const environment of environments) {
    const envProducts = [...products.values()].filter(p =>
      p.environments.includes(environment.name),
    );
    const resolved = resolveEnvironment(
      environment,
      envProducts,
      config,
      problems,
    );
    for (const state of resolved.states) {
      states.set(key(environment.name, state.product.ref), state);
    }
    buckets.push(...resolved.buckets);
    glueDatabases.push(...resolved.glueDatabases);
  }

  // Environments sharing an account and Region share one Glue catalog: a
  // database name can belong to one of them only (the first in config order).
  const catalogOwner = new Map<string, string>();
  for (const database of [...glueDatabases]) {
    const environment = envByName.get(database.environment)!;
    const catalog = `${environment.accountId}/${environment.region}/${database.name}`;
    const owner = catalogOwner.get(catalog);
    if (owner === undefined) {
      catalogOwner.set(catalog, environment.name);
      continue;
    }
    if (owner === environment.name) continue;
    glueDatabases.splice(glueDatabases.indexOf(database), 1);
    problems.push({
      severity: 'error',
      dataProduct: database.dataProduct,
      environment: environment.name,
      message: `Glue database ${database.name} is planned in environments ${owner} and ${environment.name}, which share the Glue catalog of account ${environment.accountId} in ${environment.region}: only ${owner} manages it; give ${environment.name} another account or Region, or its datasets other database names`,
    });
  }

  // Names of roles and workgroups; duplicate names are errors.
  const roleOwners = new Map<string, string>();
  const workgroups: AwsAthenaWorkgroup[] = [];
  for (const state of states.values()) {
    const { product, environment } = state;
    const names = {} as Record<AwsRoleKind, string>;
    let ok = true;
    for (const kind of AWS_ROLE_KINDS) {
      const name = roleName(
        config.rolePrefix,
        product.ref,
        environment.name,
        kind,
      );
      const owner = name && roleOwners.get(`${environment.accountId}:${name}`);
      if (!name || (owner && owner !== product.ref)) {
        problems.push({
          severity: 'error',
          dataProduct: product.ref,
          environment: environment.name,
          message: name
            ? `Role name ${name} is already used by ${owner}; rename one of the products`
            : `No valid IAM role name for ${product.ref} in ${environment.name}: shorten meshport.aws.rolePrefix or the environment name`,
        });
        ok = false;
        break;
      }
      names[kind] = name;
    }
    if (!ok) continue;
    for (const kind of AWS_ROLE_KINDS) {
      roleOwners.set(`${environment.accountId}:${names[kind]}`, product.ref);
    }
    state.roleNames = names;

    const wgName = workgroupName(
      config.rolePrefix,
      product.ref,
      environment.name,
    );
    if (wgName && state.workspace) {
      state.workgroup = {
        environment: environment.name,
        name: wgName,
        arn: state.arns.athenaWorkgroup(wgName),
        dataProduct: product.ref,
        outputLocation: `s3://${state.workspace.bucket}/${state.workspace.prefix}${ATHENA_RESULTS_FOLDER}`,
        bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        description: `Athena workgroup of data product ${product.ref} in ${environment.name}`,
        tags: managedTags(product.ref, environment.name),
      };
      workgroups.push(state.workgroup);
    }
  }

  // Grants, resolved to (consumer state) -> dataset instances it may read.
  const grantedInstances = resolveGrants(
    input.grants,
    products,
    datasets,
    states,
    envByName,
    now,
    problems,
  );

  const roles: AwsRole[] = [];
  for (const environment of environments) {
    for (const message of effectiveEnvironmentSettings(config, environment)
      .leftOut) {
      problems.push({
        severity: 'warning',
        environment: environment.name,
        message,
      });
    }
    const envStates = [...states.values()]
      .filter(s => s.environment.name === environment.name && s.roleNames)
      .sort(byKey(s => s.product.ref));
    for (const state of envStates) {
      const granted =
        grantedInstances.get(key(environment.name, state.product.ref)) ?? [];
      const ownReadable = readableEnvironments(environment)
        .map(name => states.get(key(name, state.product.ref)))
        .filter((s): s is ProductEnvironmentState => !!s);
      for (const kind of AWS_ROLE_KINDS) {
        roles.push(
          planRole(kind, state, ownReadable, granted, config, problems),
        );
      }
    }
  }

  const instances: DatasetInstance[] = [];
  for (const state of states.values()) {
    for (const dataset of state.product.datasets) {
      instances.push({
        environment: state.environment,
        dataset: dataset.ref,
        dataProduct: state.product.ref,
        access: dataset.access,
        s3: state.datasetS3.get(dataset.ref) ?? [],
        glue: state.datasetGlue.get(dataset.ref) ?? [],
        ownedDatabases: [...state.ownedDatabases].sort(),
      });
    }
  }
  const lakeFormation = planLakeFormation({
    input,
    config,
    instances,
    roles,
    glueDatabases,
    problems,
  });
  const crossAccount = planCrossAccount({
    config,
    environments,
    instances,
    roles,
    problems,
  });

  return {
    environments,
    roles,
    buckets,
    glueDatabases: glueDatabases.map(withFingerprint),
    workgroups: workgroups.map(withFingerprint),
    ...(lakeFormation.length ? { lakeFormation } : {}),
    ...(crossAccount.resourcePolicies.length
      ? { resourcePolicies: crossAccount.resourcePolicies }
      : {}),
    ...(crossAccount.dataCatalogs.length
      ? { dataCatalogs: crossAccount.dataCatalogs }
      : {}),
    problems: dedupeProblems(problems),
  };
}

/**
 * Ends a Glue database's or workgroup's description with a hash of its
 * planned settings and tags. Listing calls return descriptions in bulk, so a
 * reader that finds the planned description knows the resource is as last
 * planned without a call per resource (a deep read checks everything).
 */
export function withFingerprint<
  T extends { description: string; name: string },
>(resource: T): T {
  const { description, ...settings } = resource;
  return {
    ...resource,
    description: `${description} [meshport ${shortHash(
      stableJson(settings),
      8,
    )}]`,
  };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        k =>
          `${JSON.stringify(k)}:${stableJson(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function managedTags(productRef: string, environment: string): AwsTags {
  return {
    [TAG_MANAGED]: 'true',
    [TAG_DATA_PRODUCT]: productRef,
    [TAG_ENVIRONMENT]: environment,
  };
}

/** The environment itself, then those it reads from (in config order). */
function readableEnvironments(environment: MeshportEnvironment): string[] {
  return [
    environment.name,
    ...environment.readsFrom.filter(n => n !== environment.name),
  ];
}

function collectProducts(
  entities: DataProductEntity[],
  envByName: Map<string, MeshportEnvironment>,
  problems: AwsPlanProblem[],
): Map<string, ProductInfo> {
  const products = new Map<string, ProductInfo>();
  for (const entity of [...entities].sort(byKey(refOf))) {
    if (isRetired(entity)) continue;
    const ref = refOf(entity);
    const listed = entity.spec.environments;
    const names = listed?.length ? [...new Set(listed)] : [...envByName.keys()];
    for (const name of names) {
      if (!envByName.has(name)) {
        problems.push({
          severity: 'warning',
          dataProduct: ref,
          message: `Data product ${ref} lists environment ${name}, which is not configured in meshport.environments`,
        });
      }
    }
    // Keep config order so output is stable whatever the spec's order.
    const environments = [...envByName.keys()].filter(n => names.includes(n));
    products.set(ref, { ref, environments, datasets: [] });
  }
  return products;
}

function collectDatasets(
  entities: DatasetEntity[],
  products: Map<string, ProductInfo>,
  problems: AwsPlanProblem[],
): Map<string, DatasetInfo> {
  const datasets = new Map<string, DatasetInfo>();
  for (const entity of [...entities].sort(byKey(refOf))) {
    if (isRetired(entity)) continue;
    const ref = refOf(entity);
    const namespace = entity.metadata.namespace ?? 'default';
    let productRef: string;
    try {
      productRef = normalizeRef(
        entity.spec.dataProduct,
        'DataProduct',
        namespace,
      );
    } catch {
      problems.push({
        severity: 'warning',
        message: `Dataset ${ref} has an invalid dataProduct reference ${entity.spec.dataProduct}`,
      });
      continue;
    }
    const product = products.get(productRef);
    if (!product) {
      problems.push({
        severity: 'warning',
        dataProduct: productRef,
        message: `Dataset ${ref} belongs to ${productRef}, which is not in the catalog or is retired; it is not provisioned`,
      });
      continue;
    }
    const info: DatasetInfo = {
      ref,
      productRef,
      access: entity.spec.access,
      s3: [],
      glue: [],
    };
    (entity.spec.outputs ?? []).forEach((output, i) => {
      const where = `Dataset ${ref} spec.outputs[${i}]`;
      if (output.type === 's3') {
        const path = output.path.replace(/^\/+/, '');
        if (!path || UNSAFE_IN_ARN.test(path)) {
          problems.push({
            severity: 'error',
            dataProduct: productRef,
            message: `${where}: path '${output.path}' must be a non-empty key prefix without * ? or $; output skipped`,
          });
          return;
        }
        info.s3.push({
          bucketId: output.bucket,
          prefix: path.endsWith('/') ? path : `${path}/`,
        });
      } else if (output.type === 'glue') {
        const names = [output.database, output.table ?? ''];
        if (
          !output.database ||
          names.some(n => UNSAFE_IN_ARN.test(n) || n.includes('/'))
        ) {
          problems.push({
            severity: 'error',
            dataProduct: productRef,
            message: `${where}: Glue names must not be empty or contain * ? $ or /; output skipped`,
          });
          return;
        }
        // Glue stores names in lower case, and IAM matches ARNs case by
        // case: `Sales_DB` is the database `sales_db`.
        info.glue.push({
          database: output.database.toLocaleLowerCase('en-US'),
          table: output.table?.toLocaleLowerCase('en-US') || undefined,
        });
      }
    });
    datasets.set(ref, info);
    product.datasets.push(info);
  }
  return datasets;
}

interface PrefixClaim {
  bucketId: string;
  bucket: string;
  prefix: string;
  product: string;
  dataset?: string;
}

/**
 * Resolves every product's locations in one environment and drops the ones
 * that different products claim at once (nested S3 prefixes, the same Glue
 * database as a whole, or the same table).
 */
function resolveEnvironment(
  environment: MeshportEnvironment,
  envProducts: ProductInfo[],
  config: AwsProvisionerConfig,
  problems: AwsPlanProblem[],
): {
  states: ProductEnvironmentState[];
  buckets: AwsBucket[];
  glueDatabases: AwsGlueDatabase[];
} {
  const arns = new EnvironmentArns(environment);
  const claims: PrefixClaim[] = [];
  const workspaceBucket = environment.buckets[config.workspaceBucket];
  if (!workspaceBucket && envProducts.length > 0) {
    problems.push({
      severity: 'error',
      environment: environment.name,
      message: `Environment ${environment.name} has no bucket '${config.workspaceBucket}' (meshport.aws.workspaceBucket): products there get no workspace and no Athena workgroup`,
    });
  }
  for (const product of envProducts) {
    if (workspaceBucket) {
      claims.push({
        bucketId: config.workspaceBucket,
        bucket: workspaceBucket.name,
        prefix: workspacePrefix(product.ref),
        product: product.ref,
      });
    }
    for (const dataset of product.datasets) {
      for (const { bucketId, prefix } of dataset.s3) {
        const bucket = environment.buckets[bucketId];
        if (!bucket) {
          problems.push({
            severity: 'error',
            dataProduct: product.ref,
            environment: environment.name,
            message: `Dataset ${dataset.ref} writes to bucket '${bucketId}', which environment ${environment.name} does not configure; output skipped`,
          });
          continue;
        }
        claims.push({
          bucketId,
          bucket: bucket.name,
          prefix,
          product: product.ref,
          dataset: dataset.ref,
        });
      }
    }
  }

  // Nested or equal prefixes of different products: contested, dropped.
  const contested = new Set<PrefixClaim>();
  const byBucket = new Map<string, PrefixClaim[]>();
  for (const claim of claims) {
    const list = byBucket.get(claim.bucket) ?? [];
    list.push(claim);
    byBucket.set(claim.bucket, list);
  }
  for (const list of byBucket.values()) {
    list.sort(byKey(c => c.prefix));
    const open: PrefixClaim[] = [];
    for (const claim of list) {
      while (
        open.length &&
        !claim.prefix.startsWith(open[open.length - 1].prefix)
      ) {
        open.pop();
      }
      for (const outer of open) {
        if (outer.product !== claim.product) {
          contested.add(outer);
          contested.add(claim);
          problems.push({
            severity: 'error',
            dataProduct: claim.product,
            environment: environment.name,
            message: `s3://${claim.bucket}/${claim.prefix} of ${claim.product} overlaps s3://${outer.bucket}/${outer.prefix} of ${outer.product}; neither product gets write access until one of them moves`,
          });
        }
      }
      open.push(claim);
    }
  }

  // Glue: who uses which database and table.
  const dbUsers = new Map<
    string,
    Map<string, Array<{ table?: string; dataset: string }>>
  >();
  for (const product of envProducts) {
    for (const dataset of product.datasets) {
      for (const { database, table } of dataset.glue) {
        const users = dbUsers.get(database) ?? new Map();
        const uses = users.get(product.ref) ?? [];
        uses.push({ table, dataset: dataset.ref });
        users.set(product.ref, uses);
        dbUsers.set(database, users);
      }
    }
  }
  const ownedBy = new Map<string, string>(); // database -> product
  const contestedGlue = new Set<string>(); // `${db}/${table ?? '*'}`
  for (const [database, users] of [...dbUsers].sort(byKey(([d]) => d))) {
    if (users.size === 1) {
      ownedBy.set(database, [...users.keys()][0]);
      continue;
    }
    const productsUsing = [...users.keys()].sort();
    const tableOwners = new Map<string, string[]>();
    for (const [product, uses] of users) {
      for (const { table } of uses) {
        const owners = tableOwners.get(table ?? '*') ?? [];
        if (!owners.includes(product)) owners.push(product);
        tableOwners.set(table ?? '*', owners);
      }
    }
    for (const [table, owners] of tableOwners) {
      if (table === '*' || owners.length > 1) {
        const who = table === '*' ? productsUsing : owners.sort();
        contestedGlue.add(`${database}/${table}`);
        for (const product of who) {
          problems.push({
            severity: 'error',
            dataProduct: product,
            environment: environment.name,
            message:
              table === '*'
                ? `Glue database ${database} is shared by ${productsUsing.join(
                    ', ',
                  )} but claimed whole by one of them; the whole-database output is skipped`
                : `Glue table ${database}.${table} is claimed by ${who.join(
                    ', ',
                  )}; neither gets write access`,
          });
        }
      }
    }
    problems.push({
      severity: 'warning',
      environment: environment.name,
      message: `Glue database ${database} is shared by ${productsUsing.join(
        ', ',
      )}: Meshport does not create or manage it, each product writes only its own tables`,
    });
  }

  const claimsByProduct = new Map<string, PrefixClaim[]>();
  for (const claim of claims) {
    if (contested.has(claim)) continue;
    const list = claimsByProduct.get(claim.product) ?? [];
    list.push(claim);
    claimsByProduct.set(claim.product, list);
  }
  const states: ProductEnvironmentState[] = [];
  const glueDatabases: AwsGlueDatabase[] = [];
  for (const product of envProducts) {
    const state: ProductEnvironmentState = {
      product,
      environment,
      arns,
      datasetS3: new Map(),
      datasetGlue: new Map(),
      ownedDatabases: new Set(),
    };
    for (const claim of claimsByProduct.get(product.ref) ?? []) {
      if (claim.dataset) {
        const list = state.datasetS3.get(claim.dataset) ?? [];
        list.push({ bucket: claim.bucket, prefix: claim.prefix });
        state.datasetS3.set(claim.dataset, list);
      } else {
        state.workspace = { bucket: claim.bucket, prefix: claim.prefix };
      }
    }
    for (const dataset of product.datasets) {
      const glue = dataset.glue.filter(
        ({ database, table }) =>
          !contestedGlue.has(`${database}/${table ?? '*'}`),
      );
      if (glue.length) state.datasetGlue.set(dataset.ref, glue);
      for (const { database } of glue) {
        if (ownedBy.get(database) === product.ref)
          state.ownedDatabases.add(database);
      }
    }
    for (const database of [...state.ownedDatabases].sort()) {
      glueDatabases.push({
        environment: environment.name,
        name: database,
        catalogId: environment.accountId,
        arn: arns.glueDatabase(database),
        dataProduct: product.ref,
        description: `Glue database of data product ${product.ref}, managed by Meshport`,
        tags: managedTags(product.ref, environment.name),
      });
    }
    states.push(state);
  }

  const buckets: AwsBucket[] = [];
  for (const [bucketId, { name }] of Object.entries(environment.buckets).sort(
    byKey(([id]) => id),
  )) {
    const prefixes = claims
      .filter(c => c.bucketId === bucketId && !contested.has(c))
      .map(c => ({
        prefix: c.prefix,
        dataProduct: c.product,
        ...(c.dataset ? { dataset: c.dataset } : {}),
      }))
      .sort(byKey(p => `${p.prefix}\n${p.dataset ?? ''}`));
    if (prefixes.length) {
      buckets.push({
        environment: environment.name,
        bucketId,
        bucket: name,
        prefixes,
      });
    }
  }
  glueDatabases.sort(byKey(d => d.name));
  return { states, buckets, glueDatabases };
}

interface GrantedInstance {
  dataset: string;
  /** State of the producing product in the environment holding the data. */
  producer: ProductEnvironmentState;
}

/** consumer state key -> dataset instances granted to it (deduplicated, sorted). */
function resolveGrants(
  grants: Grant[],
  products: Map<string, ProductInfo>,
  datasets: Map<string, DatasetInfo>,
  states: Map<string, ProductEnvironmentState>,
  envByName: Map<string, MeshportEnvironment>,
  now: number,
  problems: AwsPlanProblem[],
): Map<string, GrantedInstance[]> {
  const result = new Map<string, Map<string, GrantedInstance>>();
  const sortedGrants = [...grants].sort(
    byKey(g => `${g.consumer}\n${g.dataset}\n${g.id}`),
  );
  for (const grant of sortedGrants) {
    if (grant.validUntil && Date.parse(grant.validUntil) <= now) continue;
    const warn = (message: string, dataProduct?: string) =>
      problems.push({
        severity: 'warning',
        ...(dataProduct ? { dataProduct } : {}),
        message: `Grant ${grant.id} (${grant.consumer} reads ${grant.dataset}): ${message}; skipped`,
      });
    let consumerRef: string;
    let datasetRef: string;
    try {
      consumerRef = normalizeRef(grant.consumer, 'DataProduct');
      datasetRef = normalizeRef(grant.dataset, 'Dataset');
    } catch {
      warn('invalid entity ref');
      continue;
    }
    const consumer = products.get(consumerRef);
    if (!consumer) {
      warn('the consuming data product is not in the catalog or is retired');
      continue;
    }
    const dataset = datasets.get(datasetRef);
    if (!dataset) {
      warn(
        'the dataset is not in the catalog, is retired or its product is missing',
        consumerRef,
      );
      continue;
    }
    if (dataset.productRef === consumerRef) continue; // own outputs are always readable
    if (dataset.access === 'private') {
      warn(`the dataset is private to ${dataset.productRef}`, consumerRef);
      continue;
    }
    if (grant.environments.length === 0) {
      warn('it names no environment', consumerRef);
      continue;
    }
    for (const envName of [...new Set(grant.environments)].sort()) {
      const environment = envByName.get(envName);
      if (!environment) {
        warn(`environment ${envName} is not configured`, consumerRef);
        continue;
      }
      const consumerState = states.get(`${envName}\n${consumerRef}`);
      if (!consumerState) {
        warn(`${consumerRef} is not deployed in ${envName}`, consumerRef);
        continue;
      }
      let found = false;
      for (const holding of readableEnvironments(environment)) {
        const producer = states.get(`${holding}\n${dataset.productRef}`);
        if (!producer) continue;
        found = true;
        const consumerKey = `${envName}\n${consumerRef}`;
        const instances = result.get(consumerKey) ?? new Map();
        instances.set(`${datasetRef}\n${holding}`, {
          dataset: datasetRef,
          producer,
        });
        result.set(consumerKey, instances);
      }
      if (!found) {
        warn(
          `${dataset.productRef} is not deployed in ${envName}${
            environment.readsFrom.length
              ? ` or ${environment.readsFrom.join(', ')}`
              : ''
          }`,
          consumerRef,
        );
      }
    }
  }
  const sorted = new Map<string, GrantedInstance[]>();
  for (const [consumerKey, instances] of result) {
    sorted.set(
      consumerKey,
      [...instances.entries()].sort(byKey(([k]) => k)).map(([, v]) => v),
    );
  }
  return sorted;
}

/** Adds read access to one dataset instance. */
function addDatasetRead(
  access: RoleAccess,
  state: ProductEnvironmentState,
  dataset: string,
): boolean {
  let any = false;
  for (const { bucket, prefix } of state.datasetS3.get(dataset) ?? []) {
    addPrefix(access.s3Read, bucket, prefix);
    any = true;
  }
  for (const { database, table } of state.datasetGlue.get(dataset) ?? []) {
    access.glueRead.add(state.arns.glueDatabase(database));
    access.glueRead.add(state.arns.glueTable(database, table));
    any = true;
  }
  return any;
}

/**
 * KMS decrypt for SSE-KMS buckets (`bucketKmsKeys`), and the Athena data
 * catalog of another account's Glue catalog.
 */
function addEncryptedAndForeignReads(
  access: RoleAccess,
  holder: ProductEnvironmentState,
  dataset: string,
  reader: ProductEnvironmentState,
  config: AwsProvisionerConfig,
): void {
  const keys = config.environments?.[holder.environment.name]?.bucketKmsKeys;
  for (const { bucket } of holder.datasetS3.get(dataset) ?? []) {
    const bucketId = Object.keys(holder.environment.buckets).find(
      id => holder.environment.buckets[id].name === bucket,
    );
    const key = bucketId && keys?.[bucketId];
    if (key) {
      access.kmsKeys.set(key, `s3.${holder.environment.region}.amazonaws.com`);
    }
  }
  if (
    holder.environment.accountId !== reader.environment.accountId &&
    (holder.datasetGlue.get(dataset) ?? []).length
  ) {
    const name = dataCatalogName(config.rolePrefix, holder.environment.name);
    access.dataCatalogs.add(reader.arns.athenaDataCatalog(name));
  }
}

const ROLE_PURPOSES: Record<AwsRoleKind, string> = {
  consumer:
    'read its granted input datasets and its own outputs, and query them in its Athena workgroup',
  service:
    'run its pipelines: read its granted inputs, read and write its own outputs and workspace, publish metrics',
  owner:
    'manage the product: everything the service role may do plus managing its own Glue databases',
};

function planRole(
  kind: AwsRoleKind,
  state: ProductEnvironmentState,
  ownReadable: ProductEnvironmentState[],
  granted: GrantedInstance[],
  config: AwsProvisionerConfig,
  problems: AwsPlanProblem[],
): AwsRole {
  const { product, environment, arns } = state;
  const name = state.roleNames![kind];
  const settings = effectiveEnvironmentSettings(config, environment);
  const access = emptyRoleAccess(
    b => arns.bucket(b),
    (b, p) => arns.objects(b, p),
  );

  const heldByLakeFormation = (holder: ProductEnvironmentState) =>
    accessControlOf(config, holder.environment.name) === 'lake-formation';
  // Lake Formation governs reads of the data it holds (its grants are
  // planned by ./lakeFormation.ts); IAM-mode data is read through IAM,
  // crossing accounts through an Athena data catalog.
  const addRead = (holder: ProductEnvironmentState, dataset: string) => {
    if (heldByLakeFormation(holder)) {
      access.lakeFormation = true;
      return (holder.datasetGlue.get(dataset) ?? []).length > 0;
    }
    if (!addDatasetRead(access, holder, dataset)) return false;
    addEncryptedAndForeignReads(access, holder, dataset, state, config);
    return true;
  };
  if (accessControlOf(config, environment.name) === 'lake-formation') {
    access.lakeFormation = true;
  }
  if (access.lakeFormation) {
    // Glue metadata reads of the catalogs Lake Formation guards (its own,
    // where resource links to other accounts live too): a fixed set of ARNs.
    for (const holder of [state, ...ownReadable]) {
      if (holder !== state && !heldByLakeFormation(holder)) continue;
      access.glueRead.add(holder.arns.glueDatabase('*'));
      access.glueRead.add(holder.arns.glueTable('*', '*'));
    }
  }

  // Own outputs: read in every readable environment, write in this one.
  for (const own of ownReadable) {
    for (const dataset of product.datasets) addRead(own, dataset.ref);
  }
  const grantedDatasets: AwsRole['grantedDatasets'] = [];
  for (const instance of granted) {
    if (addRead(instance.producer, instance.dataset)) {
      grantedDatasets.push({
        dataset: instance.dataset,
        environment: instance.producer.environment.name,
      });
    }
  }

  if (state.workspace) {
    const { bucket, prefix } = state.workspace;
    // A consumer writes only its Athena query results, never data.
    addPrefix(
      access.s3Write,
      bucket,
      kind === 'consumer' ? `${prefix}${ATHENA_RESULTS_FOLDER}` : prefix,
    );
  }
  if (kind !== 'consumer') {
    for (const locations of state.datasetS3.values()) {
      for (const { bucket, prefix } of locations)
        addPrefix(access.s3Write, bucket, prefix);
    }
    for (const locations of state.datasetGlue.values()) {
      for (const { database, table } of locations) {
        const owned = state.ownedDatabases.has(database);
        const target =
          kind === 'owner' && owned ? access.glueAdmin : access.glueWrite;
        target.add(arns.glueDatabase(database));
        target.add(arns.glueTable(database, owned ? undefined : table));
      }
    }
    access.metricsNamespace = `${config.metricsNamespacePrefix}${productSlug(
      product.ref,
    )}`;
  }
  if (state.workgroup) access.workgroups.add(state.workgroup.arn);

  const tags: AwsTags = {
    ...managedTags(product.ref, environment.name),
    [TAG_ROLE]: kind,
  };
  const role: AwsRole = {
    name,
    arn: arns.role(config.rolePath, name),
    path: config.rolePath,
    environment: environment.name,
    accountId: environment.accountId,
    dataProduct: product.ref,
    kind,
    purpose: `The ${kind} role of data product ${product.ref} in ${environment.name}: ${ROLE_PURPOSES[kind]}.`,
    trustPolicy: trustPolicy(
      settings.trust[kind],
      product.ref,
      environment,
      arns,
    ),
    tags,
    maxSessionDuration: config.maxSessionDuration,
    ...(settings.permissionsBoundaryArn
      ? { permissionsBoundaryArn: settings.permissionsBoundaryArn }
      : {}),
    policyStatus: 'planned',
    managedPolicies: [],
    inlinePolicies: [],
    grantedDatasets,
  };

  // IAM's default quota for trust policies; accounts may raise it to 4,096
  // (the apply-time preflight reads the account's own quota).
  const trustSize = policyJson(role.trustPolicy).replace(/\s+/g, '').length;
  if (trustSize > IAM_DEFAULT_TRUST_POLICY_MAX_CHARS) {
    problems.push({
      severity: 'warning',
      dataProduct: product.ref,
      environment: environment.name,
      role: name,
      message: `The trust policy of role ${name} has ${formatCount(
        trustSize,
      )} characters, more than IAM's default quota of ${formatCount(
        IAM_DEFAULT_TRUST_POLICY_MAX_CHARS,
      )} (AssumeRolePolicySizeQuota): trust fewer principals or raise the account's quota`,
    });
  }
  const inlineName = `${name}-inline`;
  const packed = packStatements(buildStatementSpecs(access), {
    maxManagedPolicies: config.maxManagedPoliciesPerRole,
    inlineReservedChars: inlineName.length,
  });
  const fail = (message: string) => {
    problems.push({
      severity: 'error',
      dataProduct: product.ref,
      environment: environment.name,
      role: name,
      message,
    });
    return { ...role, policyStatus: 'quota-exceeded' as const };
  };
  if (!packed.fits) {
    const max = config.maxManagedPoliciesPerRole;
    return fail(
      `Role ${name} needs ${formatCount(
        packed.neededChars,
      )} characters of policy but IAM allows ${formatCount(
        packed.allowedChars,
      )} ` +
        `(${max} managed × ${formatCount(
          IAM_MANAGED_POLICY_MAX_CHARS,
        )} + ${formatCount(IAM_INLINE_POLICIES_MAX_CHARS)} inline): ` +
        `${grantedDatasets.length} granted datasets; raise meshport.aws.maxManagedPoliciesPerRole (max 20) or use Lake Formation`,
    );
  }
  const managedPolicies = packed.managed.map((document, i) => {
    const policyName = `${name}-${i + 1}`;
    return {
      name: policyName,
      arn: arns.policy(config.rolePath, policyName),
      path: config.rolePath,
      document,
      tags,
    };
  });
  const inlinePolicies = packed.inline
    ? [{ name: inlineName, document: packed.inline }]
    : [];
  const violations = findPolicyViolations(
    managedPolicies,
    inlinePolicies,
    config.maxManagedPoliciesPerRole,
  );
  if (violations.length) {
    return fail(
      `Role ${name}: the planned policies would be rejected by IAM (${violations.join(
        '; ',
      )})`,
    );
  }
  return { ...role, managedPolicies, inlinePolicies };
}

/** The trust policy of one role from `meshport.aws.trust.<kind>`. */
export function trustPolicy(
  trust: AwsTrustConfig,
  productRef: string,
  environment: MeshportEnvironment,
  arns: EnvironmentArns,
): PolicyDocument {
  const statements: PolicyStatement[] = [];
  const principals = [
    ...new Set(
      trust.accountPrincipals.map(p =>
        /^\d{12}$/.test(p) ? arns.accountRoot(p) : p,
      ),
    ),
  ].sort();
  if (principals.length) {
    statements.push({
      Sid: 'AssumeFromPrincipals',
      Effect: 'Allow',
      Principal: { AWS: principals },
      Action: ['sts:AssumeRole'],
    });
  }
  if (trust.ssoRoleArns.length) {
    // IAM rejects trust policies naming roles that do not exist yet, and SSO
    // role names carry a random suffix: trust their accounts and match the
    // role ARNs (wildcards allowed) in a condition instead.
    const accounts = [
      ...new Set(trust.ssoRoleArns.map(arn => arn.split(':')[4])),
    ].sort();
    statements.push({
      Sid: 'AssumeFromSso',
      Effect: 'Allow',
      Principal: { AWS: accounts.map(a => arns.accountRoot(a)) },
      Action: ['sts:AssumeRole'],
      Condition: {
        ArnLike: { 'aws:PrincipalArn': [...trust.ssoRoleArns].sort() },
      },
    });
  }
  if (trust.oidc) {
    const { providerArn, audience, subjects } = trust.oidc;
    const host = providerArn.slice(
      providerArn.indexOf('oidc-provider/') + 'oidc-provider/'.length,
    );
    const { namespace, name } = splitRef(productRef);
    statements.push({
      Sid: 'AssumeFromPipelines',
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: {
        StringEquals: { [`${host}:aud`]: audience },
        StringLike: {
          [`${host}:sub`]: subjects.map(s =>
            s
              .replace(/\{product\}/g, name)
              .replace(/\{namespace\}/g, namespace)
              .replace(/\{environment\}/g, environment.name),
          ),
        },
      },
    });
  }
  if (!statements.length) {
    // Nothing configured: principals of the environment's own account that
    // IAM allows to assume it (the account decides who, through IAM).
    statements.push({
      Sid: 'AssumeFromAccount',
      Effect: 'Allow',
      Principal: { AWS: [arns.accountRoot()] },
      Action: ['sts:AssumeRole'],
    });
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

function splitRef(ref: string): { namespace: string; name: string } {
  const [, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return { namespace, name };
}

function dedupeProblems(problems: AwsPlanProblem[]): AwsPlanProblem[] {
  // The same problem found twice (e.g. per role) is shown once.
  const seen = new Set<string>();
  return problems.filter(p => {
    const k = JSON.stringify(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
