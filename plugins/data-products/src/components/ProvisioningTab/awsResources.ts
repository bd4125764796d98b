/*
 * Reads the AWS provisioner's part of a product's provisioning plan. The
 * backend sends it as untyped JSON (each provisioner has its own shape), so
 * this declares the fields the tab shows and reads them defensively: a field
 * a newer backend drops must not break the page.
 */

/** An IAM policy document (identity or trust policy), shown as JSON. */
export type AwsPolicyDocument = { [key: string]: unknown };

export interface AwsRoleView {
  name: string;
  arn: string;
  environment: string;
  dataProduct: string;
  kind: string;
  purpose: string;
  trustPolicy?: AwsPolicyDocument;
  /** `quota-exceeded`: the permissions do not fit IAM's quotas. */
  policyStatus?: string;
  managedPolicies: Array<{
    name: string;
    arn?: string;
    document?: AwsPolicyDocument;
  }>;
  inlinePolicies: Array<{ name: string; document?: AwsPolicyDocument }>;
}

export interface AwsGlueDatabaseView {
  environment: string;
  name: string;
  arn?: string;
  dataProduct: string;
  description?: string;
}

export interface AwsWorkgroupView {
  environment: string;
  name: string;
  arn?: string;
  dataProduct: string;
  outputLocation?: string;
  bytesScannedCutoffPerQuery?: number;
}

export interface AwsPrefixView {
  /** Bucket name, e.g. `acme-datalake-dev`. */
  bucket: string;
  /** Bucket identifier from the environment config, e.g. `datalake`. */
  bucketId: string;
  prefix: string;
  /** Full Dataset ref for dataset outputs; absent for the product workspace. */
  dataset?: string;
}

/** Everything the AWS provisioner plans for one product in one environment. */
export interface AwsEnvironmentResources {
  environment: string;
  roles: AwsRoleView[];
  glueDatabases: AwsGlueDatabaseView[];
  workgroups: AwsWorkgroupView[];
  prefixes: AwsPrefixView[];
}

/** The order the role kinds are shown in: least privilege first. */
const ROLE_KIND_ORDER = ['consumer', 'service', 'owner'];

type JsonRecord = { [key: string]: unknown };

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const records = (value: unknown): JsonRecord[] =>
  Array.isArray(value) ? value.filter(isRecord) : [];

const text = (value: unknown): string =>
  typeof value === 'string' ? value : '';

const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

function toRole(item: JsonRecord): AwsRoleView {
  return {
    name: text(item.name),
    arn: text(item.arn),
    environment: text(item.environment),
    dataProduct: text(item.dataProduct),
    kind: text(item.kind),
    purpose: text(item.purpose),
    trustPolicy: isRecord(item.trustPolicy) ? item.trustPolicy : undefined,
    policyStatus: optionalText(item.policyStatus),
    managedPolicies: records(item.managedPolicies).map(policy => ({
      name: text(policy.name),
      arn: optionalText(policy.arn),
      document: isRecord(policy.document) ? policy.document : undefined,
    })),
    inlinePolicies: records(item.inlinePolicies).map(policy => ({
      name: text(policy.name),
      document: isRecord(policy.document) ? policy.document : undefined,
    })),
  };
}

/**
 * The AWS resources of one product, grouped by environment in the order the
 * backend lists them (the order of the environment config). When the backend
 * could not filter (`filtered: false`, the whole desired state of the mesh),
 * the product's resources are picked here by their `dataProduct`.
 */
export function groupAwsResourcesByEnvironment(options: {
  resources: unknown;
  filtered: boolean;
  entityRef: string;
}): AwsEnvironmentResources[] {
  const { filtered, entityRef } = options;
  const resources = isRecord(options.resources) ? options.resources : {};
  const mine = (dataProduct: string) =>
    filtered || sameRef(dataProduct, entityRef);

  const roles = records(resources.roles)
    .map(toRole)
    .filter(role => mine(role.dataProduct));
  const glueDatabases = records(resources.glueDatabases)
    .map(
      (item): AwsGlueDatabaseView => ({
        environment: text(item.environment),
        name: text(item.name),
        arn: optionalText(item.arn),
        dataProduct: text(item.dataProduct),
        description: optionalText(item.description),
      }),
    )
    .filter(database => mine(database.dataProduct));
  const workgroups = records(resources.workgroups)
    .map(
      (item): AwsWorkgroupView => ({
        environment: text(item.environment),
        name: text(item.name),
        arn: optionalText(item.arn),
        dataProduct: text(item.dataProduct),
        outputLocation: optionalText(item.outputLocation),
        bytesScannedCutoffPerQuery:
          typeof item.bytesScannedCutoffPerQuery === 'number'
            ? item.bytesScannedCutoffPerQuery
            : undefined,
      }),
    )
    .filter(workgroup => mine(workgroup.dataProduct));
  const prefixes = records(resources.buckets).flatMap(bucket =>
    records(bucket.prefixes)
      .filter(prefix => mine(text(prefix.dataProduct)))
      .map((prefix): AwsPrefixView & { environment: string } => ({
        environment: text(bucket.environment),
        bucket: text(bucket.bucket),
        bucketId: text(bucket.bucketId),
        prefix: text(prefix.prefix),
        dataset: optionalText(prefix.dataset),
      })),
  );

  const environments: string[] = [];
  for (const item of [...roles, ...glueDatabases, ...workgroups, ...prefixes]) {
    if (!environments.includes(item.environment)) {
      environments.push(item.environment);
    }
  }

  const kindRank = (kind: string) => {
    const rank = ROLE_KIND_ORDER.indexOf(kind);
    return rank === -1 ? ROLE_KIND_ORDER.length : rank;
  };
  return environments.map(environment => ({
    environment,
    roles: roles
      .filter(role => role.environment === environment)
      .sort((a, b) => kindRank(a.kind) - kindRank(b.kind)),
    glueDatabases: glueDatabases.filter(db => db.environment === environment),
    workgroups: workgroups.filter(wg => wg.environment === environment),
    prefixes: prefixes
      .filter(prefix => prefix.environment === environment)
      .map(({ environment: _environment, ...prefix }) => prefix),
  }));
}

/**
 * A planner's text for people: the planner writes `... data product <ref> ...`
 * and ends Glue descriptions with `[meshport <hash>]` (the hash lets the
 * reader spot drift); people read the product's title (its name when the
 * title is unknown) and no hash.
 */
export function sayProductTitle(
  plannerText: string,
  dataProduct: string,
  productTitle?: string,
): string {
  const title = productTitle ?? dataProduct.slice(dataProduct.indexOf('/') + 1);
  return plannerText
    .replace(/\s*\[meshport [^\]]*\]\s*$/, '')
    .replace(/data product ([^\s,]+?)(?=[\s,]|\.?$)/gi, (whole, ref: string) =>
      sameRef(ref, dataProduct) ? title : whole,
    );
}

/** A Glue database's description for people (see {@link sayProductTitle}). */
export function describeGlueDatabase(
  database: Pick<AwsGlueDatabaseView, 'description' | 'dataProduct'>,
  productTitle?: string,
): string | undefined {
  return database.description === undefined
    ? undefined
    : sayProductTitle(database.description, database.dataProduct, productTitle);
}
