/*
 * What each role may do, as statement groups for the packer.
 *
 * Every data action is scoped to named resources: S3 object ARNs under a
 * dataset's prefix, Glue catalog/database/table ARNs, the product's Athena
 * workgroup. The only `Resource: "*"` is `cloudwatch:PutMetricData`: it has no
 * resource-level permissions in IAM, so the documented way to scope it is the
 * `cloudwatch:namespace` condition, which we set to the product's namespace.
 * It publishes metrics only and reads no data.
 */
import type { StatementSpec } from './packing';

/** Read objects of a dataset. */
export const S3_READ_ACTIONS = ['s3:GetObject'];
/** Read and write objects of the product's own prefixes. */
export const S3_WRITE_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:DeleteObject',
  's3:GetObject',
  's3:ListMultipartUploadParts',
  's3:PutObject',
];
/** List keys; always with an `s3:prefix` condition. */
export const S3_LIST_ACTIONS = ['s3:ListBucket'];
/** Athena and SDKs ask where a bucket lives; no object access. */
export const S3_BUCKET_LOCATION_ACTIONS = ['s3:GetBucketLocation'];

/**
 * Reads of Glue metadata. The wildcards are shorter spellings of exact sets
 * (checked against IAM's action list in `permissions.test.ts`), every action
 * they match a read of the same catalog, database or table:
 * - `glue:GetDatabase*`: GetDatabase, GetDatabases;
 * - `glue:GetPartition*`: GetPartition, GetPartitions, GetPartitionIndexes;
 * - `glue:GetTable*`: GetTable, GetTables, GetTableVersion, GetTableVersions,
 *   GetTableOptimizer (the table's compaction settings).
 * They save about 100 characters in every statement part that reads Glue,
 * which is room for one more granted dataset every third policy.
 */
export const GLUE_READ_ACTIONS = [
  'glue:BatchGetPartition',
  'glue:GetDatabase*',
  'glue:GetPartition*',
  'glue:GetTable*',
];
export const GLUE_WRITE_ACTIONS = [
  ...GLUE_READ_ACTIONS,
  'glue:BatchCreatePartition',
  'glue:BatchDeletePartition',
  'glue:BatchDeleteTable',
  'glue:BatchUpdatePartition',
  'glue:CreatePartition',
  'glue:CreateTable',
  'glue:DeletePartition',
  'glue:DeleteTable',
  'glue:UpdatePartition',
  'glue:UpdateTable',
].sort();
/** The owner manages its own databases' metadata on top of writing. */
export const GLUE_ADMIN_ACTIONS = [
  ...GLUE_WRITE_ACTIONS,
  'glue:BatchDeleteTableVersion',
  'glue:CreatePartitionIndex',
  'glue:DeleteColumnStatisticsForTable',
  'glue:DeleteDatabase',
  'glue:DeletePartitionIndex',
  'glue:DeleteTableVersion',
  'glue:GetColumnStatisticsForTable',
  'glue:UpdateColumnStatisticsForTable',
  'glue:UpdateDatabase',
].sort();

/**
 * Querying in the product's own workgroup. As for Glue, the wildcards are
 * exact sets of reads in that workgroup:
 * - `athena:BatchGet*`: BatchGetNamedQuery, BatchGetQueryExecution,
 *   BatchGetPreparedStatement;
 * - `athena:GetQuery*`: GetQueryExecution, GetQueryResults,
 *   GetQueryResultsStream, GetQueryRuntimeStatistics (and GetQueryExecutions,
 *   which has no resource-level permission, so a workgroup ARN never grants
 *   it).
 */
export const ATHENA_WORKGROUP_ACTIONS = [
  'athena:BatchGet*',
  'athena:CreateNamedQuery',
  'athena:DeleteNamedQuery',
  'athena:GetNamedQuery',
  'athena:GetQuery*',
  'athena:GetWorkGroup',
  'athena:ListNamedQueries',
  'athena:ListQueryExecutions',
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
];

/**
 * What Athena's console and JDBC/ODBC drivers call on the data catalog
 * before any query: listing databases and reading table metadata (on the
 * `datacatalog/AwsDataCatalog` ARN), which in turn read Glue's `default`
 * database.
 */
export const ATHENA_CATALOG_ACTIONS = [
  'athena:GetDatabase',
  'athena:GetTableMetadata',
  'athena:ListDatabases',
  'athena:ListTableMetadata',
];

/** `arn:p:athena:r:a:workgroup/x` -> its account's AwsDataCatalog and Glue `default` database. */
export function athenaCatalogArns(workgroupArn: string): {
  dataCatalog: string;
  glueDefaultDatabase: string;
} {
  const [, partition, , region, account] = workgroupArn.split(':');
  return {
    dataCatalog: `arn:${partition}:athena:${region}:${account}:datacatalog/AwsDataCatalog`,
    glueDefaultDatabase: `arn:${partition}:glue:${region}:${account}:database/default`,
  };
}

export const CLOUDWATCH_PUT_METRIC_ACTIONS = ['cloudwatch:PutMetricData'];

/**
 * Lake Formation mode: temporary credentials for the registered locations of
 * the tables Lake Formation lets the role read. It has no resource-level
 * permissions; Lake Formation decides per table.
 */
export const LAKE_FORMATION_DATA_ACCESS_ACTIONS = [
  'lakeformation:GetDataAccess',
];

/** Reading objects of another account's SSE-KMS bucket. */
export const KMS_DECRYPT_ACTIONS = ['kms:Decrypt'];

/** Everything one role may access, as sets of ARNs / prefixes. */
export interface RoleAccess {
  /** bucket name -> object prefixes (ending in `/`) readable. */
  s3Read: Map<string, Set<string>>;
  /** bucket name -> object prefixes readable and writable. */
  s3Write: Map<string, Set<string>>;
  /** Glue ARNs (catalog, databases, tables) readable. */
  glueRead: Set<string>;
  /** Glue ARNs whose tables and partitions may be written. */
  glueWrite: Set<string>;
  /** Glue ARNs of the product's own databases, fully managed (owner only). */
  glueAdmin: Set<string>;
  /** The product's Athena workgroup ARN(s). */
  workgroups: Set<string>;
  /** CloudWatch namespace the role may publish metrics to. */
  metricsNamespace?: string;
  /** Lake Formation mode: may ask Lake Formation for data access. */
  lakeFormation?: boolean;
  /** Athena data catalogs (of other accounts' Glue catalogs) the role may query. */
  dataCatalogs: Set<string>;
  /** KMS key ARN -> S3 service endpoint host (`s3.<region>.amazonaws.com`) of encrypted buckets read. */
  kmsKeys: Map<string, string>;
  /** ARN builder for buckets (partition-aware). */
  bucketArn(bucket: string): string;
  objectsArn(bucket: string, prefix: string): string;
}

export function emptyRoleAccess(
  bucketArn: (bucket: string) => string,
  objectsArn: (bucket: string, prefix: string) => string,
): RoleAccess {
  return {
    s3Read: new Map(),
    s3Write: new Map(),
    glueRead: new Set(),
    glueWrite: new Set(),
    glueAdmin: new Set(),
    workgroups: new Set(),
    dataCatalogs: new Set(),
    kmsKeys: new Map(),
    bucketArn,
    objectsArn,
  };
}

export function addPrefix(
  map: Map<string, Set<string>>,
  bucket: string,
  prefix: string,
): void {
  let prefixes = map.get(bucket);
  if (!prefixes) {
    prefixes = new Set();
    map.set(bucket, prefixes);
  }
  prefixes.add(prefix);
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * The statement groups of a role in a stable order. Resources that a wider
 * action set already grants are left out of the narrower one (e.g. a prefix
 * the role writes is not repeated under read).
 *
 * Reads of S3 objects, Glue metadata and the Athena workgroup share one
 * statement (`Read`), and writes of S3 objects and Glue tables another
 * (`Write`): one statement header per policy instead of three, exact because
 * each service's actions only ever match that service's resources (see
 * `StatementSpec.otherServices`). `s3:ListBucket` keeps its own statement
 * because its `s3:prefix` condition would deny every other action.
 */
export function buildStatementSpecs(access: RoleAccess): StatementSpec[] {
  const writeObjects = new Set<string>();
  const writeList: string[] = [];
  for (const [bucket, prefixes] of access.s3Write) {
    for (const prefix of prefixes) {
      const arn = access.objectsArn(bucket, prefix);
      writeObjects.add(arn);
      writeList.push(arn);
    }
  }
  const readList: string[] = [];
  for (const [bucket, prefixes] of access.s3Read) {
    for (const prefix of prefixes) {
      const arn = access.objectsArn(bucket, prefix);
      if (!writeObjects.has(arn)) readList.push(arn);
    }
  }

  // A table the role may already write (directly or through `table/<db>/*`)
  // is not repeated under a narrower action set.
  const admin = new Set(access.glueAdmin);
  const coveredBy = (wider: Set<string>) => {
    const allTables = new Set(
      [...wider].filter(arn => arn.endsWith('/*')).map(arn => arn.slice(0, -1)),
    );
    return (arn: string) =>
      wider.has(arn) ||
      (arn.includes(':table/') &&
        allTables.has(arn.slice(0, arn.lastIndexOf('/') + 1)));
  };
  const inAdmin = coveredBy(admin);
  const write = new Set([...access.glueWrite].filter(arn => !inAdmin(arn)));
  const inWrite = coveredBy(new Set([...admin, ...write]));
  const athenaCatalogs = [...access.workgroups].map(athenaCatalogArns);
  const read = [
    ...new Set([
      ...[...access.glueRead].filter(arn => !inWrite(arn)),
      // Athena reads Glue's default database before any query.
      ...athenaCatalogs.map(c => c.glueDefaultDatabase),
    ]),
  ];
  // Glue needs the catalog ARN in every statement that names databases/tables.
  const withCatalogs = (arns: string[]) => {
    if (arns.length === 0) return [];
    const catalogs = new Set<string>();
    let last = '';
    for (const arn of arns) {
      // Most ARNs of a role share their catalog (`<last>catalog`).
      const sameCatalog =
        last &&
        arn.startsWith(last) &&
        (arn.startsWith('database/', last.length) ||
          arn.startsWith('table/', last.length));
      if (sameCatalog) continue;
      const catalog = arn.replace(/:(database|table)\/.*$/, ':catalog');
      catalogs.add(catalog);
      if (catalog !== arn) last = catalog.slice(0, -'catalog'.length);
    }
    return sorted([...catalogs, ...arns]);
  };

  const specs: StatementSpec[] = [];
  specs.push({
    sid: 'Read',
    actions: S3_READ_ACTIONS,
    resources: sorted(readList),
    otherServices: [
      { actions: GLUE_READ_ACTIONS, resources: withCatalogs(read) },
      {
        actions: ATHENA_WORKGROUP_ACTIONS,
        resources: sorted(access.workgroups),
      },
    ],
  });
  specs.push({
    sid: 'AthenaCatalog',
    actions: ATHENA_CATALOG_ACTIONS,
    resources: sorted(
      new Set([
        ...athenaCatalogs.map(c => c.dataCatalog),
        ...access.dataCatalogs,
      ]),
    ),
  });
  if (access.lakeFormation) {
    specs.push({
      sid: 'LakeFormationDataAccess',
      actions: LAKE_FORMATION_DATA_ACCESS_ACTIONS,
      // No resource-level permissions (see the constant); Lake Formation's
      // grants decide which tables' data the credentials reach.
      resources: ['*'],
    });
  }
  const viaServices = sorted(access.kmsKeys.values());
  viaServices.forEach((via, i) => {
    specs.push({
      sid: `DecryptReads${i + 1}`,
      actions: KMS_DECRYPT_ACTIONS,
      resources: sorted(
        [...access.kmsKeys].filter(([, v]) => v === via).map(([k]) => k),
      ),
      condition: { StringEquals: { 'kms:ViaService': via } },
    });
  });
  specs.push({
    sid: 'Write',
    actions: S3_WRITE_ACTIONS,
    resources: sorted(writeList),
    otherServices: [
      { actions: GLUE_WRITE_ACTIONS, resources: withCatalogs([...write]) },
    ],
  });
  specs.push({
    sid: 'Manage',
    actions: GLUE_ADMIN_ACTIONS,
    resources: withCatalogs([...admin]),
  });

  // One ListBucket statement per bucket, its prefixes in one StringLike list.
  const buckets = sorted([...access.s3Read.keys(), ...access.s3Write.keys()]);
  buckets.forEach((bucket, i) => {
    const prefixes = sorted([
      ...(access.s3Read.get(bucket) ?? []),
      ...(access.s3Write.get(bucket) ?? []),
    ]).map(prefix => `${prefix}*`);
    specs.push({
      sid: `ListBucket${i + 1}`,
      actions: S3_LIST_ACTIONS,
      resources: [access.bucketArn(bucket)],
      splitCondition: {
        operator: 'StringLike',
        key: 's3:prefix',
        values: prefixes,
      },
    });
  });
  specs.push({
    sid: 'LocateBuckets',
    actions: S3_BUCKET_LOCATION_ACTIONS,
    resources: buckets.map(b => access.bucketArn(b)),
  });

  if (access.metricsNamespace !== undefined) {
    specs.push({
      sid: 'PublishMetrics',
      actions: CLOUDWATCH_PUT_METRIC_ACTIONS,
      // PutMetricData has no resource-level permissions; the namespace
      // condition is what scopes it (see the file comment).
      resources: ['*'],
      condition: {
        StringEquals: { 'cloudwatch:namespace': access.metricsNamespace },
      },
    });
  }
  return specs.filter(spec =>
    spec.splitCondition
      ? spec.splitCondition.values.length > 0
      : [spec, ...(spec.otherServices ?? [])].some(g => g.resources.length),
  );
}
