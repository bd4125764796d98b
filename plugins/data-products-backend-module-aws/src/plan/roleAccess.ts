/*
 * What one role of a product may do, before it becomes policies: reads of
 * its own outputs and granted datasets (through IAM, or Lake Formation where
 * it holds the data), writes of its own outputs and workspace, its workgroup.
 */
import type { AwsRoleKind, AwsRole } from '../model';
import { accessControlOf } from '../environmentConfig';
import type { AwsProvisionerConfig } from '../config';
import { dataCatalogName, productSlug } from './names';
import { addPrefix, emptyRoleAccess, RoleAccess } from './permissions';
import type { GrantedInstance } from './grants';
import {
  ATHENA_RESULTS_FOLDER,
  bucketIdOf,
  ProductEnvironmentState,
} from './shared';

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
    const bucketId = bucketIdOf(holder.environment, bucket);
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

/** What every role of a product reads in one environment (the same for each kind). */
export interface ProductReads {
  /** Read-only once planned: the product's three roles share them. */
  access: Pick<
    RoleAccess,
    's3Read' | 'glueRead' | 'lakeFormation' | 'dataCatalogs' | 'kmsKeys'
  >;
  grantedDatasets: AwsRole['grantedDatasets'];
}

/**
 * The reads of the product's roles in `state`: its own outputs in every
 * readable environment and the granted dataset instances.
 */
export function planProductReads(
  state: ProductEnvironmentState,
  ownReadable: ProductEnvironmentState[],
  granted: GrantedInstance[],
  config: AwsProvisionerConfig,
): ProductReads {
  const { product, environment, arns } = state;
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

  // Own outputs: read in every readable environment.
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
  const { s3Read, glueRead, lakeFormation, dataCatalogs, kmsKeys } = access;
  return {
    access: { s3Read, glueRead, lakeFormation, dataCatalogs, kmsKeys },
    grantedDatasets,
  };
}

/** The access of role `kind` of the product in `state`: its reads, and its writes. */
export function planRoleAccess(
  kind: AwsRoleKind,
  state: ProductEnvironmentState,
  reads: ProductReads,
  config: AwsProvisionerConfig,
): { access: RoleAccess; grantedDatasets: AwsRole['grantedDatasets'] } {
  const { product, arns } = state;
  const access: RoleAccess = {
    ...emptyRoleAccess(
      b => arns.bucket(b),
      (b, p) => arns.objects(b, p),
    ),
    ...reads.access,
  };
  const { grantedDatasets } = reads;

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
  return { access, grantedDatasets };
}
