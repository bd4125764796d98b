/*
 * Each environment's locations: the S3 prefixes and Glue databases every
 * product writes there, after dropping what different products claim at
 * once. One named step per concern; `resolveEnvironment` runs them in order.
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsProvisionerConfig } from '../config';
import { AwsBucket, AwsGlueDatabase, AwsPlanProblem } from '../model';
import { EnvironmentArns } from './names';
import {
  byKey,
  managedTags,
  ProductEnvironmentState,
  ProductInfo,
  workspacePrefix,
} from './shared';

interface PrefixClaim {
  bucketId: string;
  bucket: string;
  prefix: string;
  product: string;
  dataset?: string;
}

/** Who owns which Glue database alone, and which `${db}/${table ?? '*'}` are contested. */
interface GlueOwnership {
  /** database -> product */
  ownedBy: Map<string, string>;
  contested: Set<string>;
}

/**
 * Resolves every product's locations in one environment and drops the ones
 * that different products claim at once (nested S3 prefixes, the same Glue
 * database as a whole, or the same table).
 */
export function resolveEnvironment(
  environment: MeshportEnvironment,
  envProducts: ProductInfo[],
  config: AwsProvisionerConfig,
  problems: AwsPlanProblem[],
): {
  states: ProductEnvironmentState[];
  buckets: AwsBucket[];
  glueDatabases: AwsGlueDatabase[];
} {
  const claims = collectPrefixClaims(
    environment,
    envProducts,
    config,
    problems,
  );
  const contested = findContestedPrefixes(environment, claims, problems);
  const glue = resolveGlueOwnership(environment, envProducts, problems);
  const { states, glueDatabases } = buildStates(
    environment,
    envProducts,
    claims.filter(c => !contested.has(c)),
    glue,
  );
  const buckets = planBuckets(environment, claims, contested);
  glueDatabases.sort(byKey(d => d.name));
  return { states, buckets, glueDatabases };
}

/** The workspace prefix of every product and the S3 outputs of its datasets. */
function collectPrefixClaims(
  environment: MeshportEnvironment,
  envProducts: ProductInfo[],
  config: AwsProvisionerConfig,
  problems: AwsPlanProblem[],
): PrefixClaim[] {
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
  return claims;
}

/** Nested or equal prefixes of different products: contested, dropped. */
function findContestedPrefixes(
  environment: MeshportEnvironment,
  claims: PrefixClaim[],
  problems: AwsPlanProblem[],
): Set<PrefixClaim> {
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
  return contested;
}

/** Glue: who uses which database and table; shared databases are not managed. */
function resolveGlueOwnership(
  environment: MeshportEnvironment,
  envProducts: ProductInfo[],
  problems: AwsPlanProblem[],
): GlueOwnership {
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
  return { ownedBy, contested: contestedGlue };
}

/** Each product's state from its uncontested claims, and the databases it manages. */
function buildStates(
  environment: MeshportEnvironment,
  envProducts: ProductInfo[],
  uncontestedClaims: PrefixClaim[],
  glue: GlueOwnership,
): { states: ProductEnvironmentState[]; glueDatabases: AwsGlueDatabase[] } {
  const arns = new EnvironmentArns(environment);
  const claimsByProduct = new Map<string, PrefixClaim[]>();
  for (const claim of uncontestedClaims) {
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
      const datasetGlue = dataset.glue.filter(
        ({ database, table }) =>
          !glue.contested.has(`${database}/${table ?? '*'}`),
      );
      if (datasetGlue.length) state.datasetGlue.set(dataset.ref, datasetGlue);
      for (const { database } of datasetGlue) {
        if (glue.ownedBy.get(database) === product.ref)
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
  return { states, glueDatabases };
}

/** Every configured bucket with the uncontested prefixes planned in it. */
function planBuckets(
  environment: MeshportEnvironment,
  claims: PrefixClaim[],
  contested: Set<PrefixClaim>,
): AwsBucket[] {
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
  return buckets;
}

/**
 * Environments sharing an account and Region share one Glue catalog: a
 * database name can belong to one of them only (the first in config order).
 * Removes the others from `glueDatabases`, with an error each.
 */
export function dropSharedCatalogDuplicates(
  glueDatabases: AwsGlueDatabase[],
  envByName: Map<string, MeshportEnvironment>,
  problems: AwsPlanProblem[],
): void {
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
}
