/*
 * Pure: OpenLineage dataset identifiers -> Meshport Datasets, following
 * OpenLineage's dataset naming spec (openlineage.client.naming.dataset):
 *
 *   S3      namespace s3://<bucket>                              name <path>
 *   Athena  namespace awsathena://athena.<region>.amazonaws.com  name <catalog>.<database>.<table>
 *   Glue    namespace arn:aws:glue:<region>:<account>            name table/<database>/<table>
 *
 * A Dataset's `outputs` say where it lives: an S3 prefix (bucket id resolved
 * per environment from `meshport.environments`) or a Glue database/table.
 * Namespaces listed in `meshport.lineage.tableNamespaces` (query engines over
 * the Glue catalog such as Trino, Spark or DuckDB in development) name tables
 * `[catalog.]<database>.<table>` and match Glue outputs too. Anything else is
 * kept as it came, unmatched.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  DataProductEntity,
  DatasetEntity,
  getDatasetProductRef,
  getInputDatasetRefs,
  getOwnerRef,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';

export const lower = (value: string) => value.toLocaleLowerCase('en-US');

/** What the lineage feature knows of a catalog Dataset. */
export interface IndexedDataset {
  ref: string;
  title: string;
  dataProduct: string;
  owner: string;
}

/** What the lineage feature knows of a catalog DataProduct. */
export interface IndexedProduct {
  ref: string;
  title: string;
  owner: string;
  /** Dataset refs of its input ports. */
  inputs: string[];
}

export interface CatalogIndex {
  datasets: Map<string, IndexedDataset>;
  products: Map<string, IndexedProduct>;
  /** Product refs by bare name and by full ref, for job namespaces. */
  productsByName: Map<string, string>;
  /** bucket name -> prefixes (with trailing slash), longest first. */
  s3: Map<string, Array<{ prefix: string; ref: string }>>;
  /** `<database>.<table>` or `<database>.*` -> Dataset ref. */
  tables: Map<string, string>;
  /** Regions and `region:account` pairs of the configured environments (empty: any). */
  regions: Set<string>;
  accounts: Set<string>;
  tableNamespaces: string[];
}

function titleOf(entity: DataProductEntity | DatasetEntity): string {
  return entity.metadata.title ?? entity.metadata.name;
}

function normalisePrefix(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** Builds the lookup tables from the catalog's products and datasets and the environments. */
export function buildCatalogIndex(options: {
  products: DataProductEntity[];
  datasets: DatasetEntity[];
  environments: MeshportEnvironment[];
  tableNamespaces?: string[];
}): CatalogIndex {
  const index: CatalogIndex = {
    datasets: new Map(),
    products: new Map(),
    productsByName: new Map(),
    s3: new Map(),
    tables: new Map(),
    regions: new Set(options.environments.map(env => env.region)),
    accounts: new Set(
      options.environments.map(env => `${env.region}:${env.accountId}`),
    ),
    tableNamespaces: options.tableNamespaces ?? [],
  };
  for (const product of options.products) {
    const ref = lower(stringifyEntityRef(product));
    let inputs: string[] = [];
    try {
      inputs = getInputDatasetRefs(product).map(lower);
    } catch {
      // a malformed input port: the catalog processor reports it
    }
    index.products.set(ref, {
      ref,
      title: titleOf(product),
      owner: lower(safe(() => getOwnerRef(product)) ?? ''),
      inputs,
    });
    index.productsByName.set(ref, ref);
    index.productsByName.set(lower(product.metadata.name), ref);
  }
  for (const dataset of options.datasets) {
    const ref = lower(stringifyEntityRef(dataset));
    const dataProduct = safe(() => lower(getDatasetProductRef(dataset)));
    if (!dataProduct) continue;
    index.datasets.set(ref, {
      ref,
      title: titleOf(dataset),
      dataProduct,
      owner: lower(safe(() => getOwnerRef(dataset)) ?? ''),
    });
    for (const output of dataset.spec.outputs ?? []) {
      if (output.type === 's3') {
        for (const env of options.environments) {
          const bucket = env.buckets[output.bucket]?.name;
          if (!bucket) continue;
          const list = index.s3.get(bucket) ?? [];
          list.push({ prefix: normalisePrefix(output.path), ref });
          index.s3.set(bucket, list);
        }
      } else if (output.type === 'glue') {
        const key = `${lower(output.database)}.${
          output.table ? lower(output.table) : '*'
        }`;
        if (!index.tables.has(key)) index.tables.set(key, ref);
      }
    }
  }
  for (const list of index.s3.values()) {
    list.sort((a, b) => b.prefix.length - a.prefix.length);
  }
  return index;
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function matchTable(
  index: CatalogIndex,
  database: string,
  table: string,
): string | undefined {
  const db = lower(database);
  return (
    index.tables.get(`${db}.${lower(table)}`) ?? index.tables.get(`${db}.*`)
  );
}

const ATHENA = /^awsathena:\/\/athena\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
const GLUE = /^arn:aws[a-z-]*:glue:([a-z0-9-]+):(\d{12})$/;

/** The Meshport Dataset ref an OpenLineage identifier names, or undefined (kept unmatched). */
export function matchDataset(
  index: CatalogIndex,
  namespace: string,
  name: string,
): string | undefined {
  if (namespace.startsWith('s3://') || namespace.startsWith('s3a://')) {
    const bucket = namespace.replace(/^s3a?:\/\//, '').replace(/\/+$/, '');
    const path = name.replace(/^\/+/, '');
    const withSlash = path.endsWith('/') ? path : `${path}/`;
    return index.s3
      .get(bucket)
      ?.find(entry => withSlash.startsWith(entry.prefix))?.ref;
  }
  const athena = ATHENA.exec(namespace);
  if (athena) {
    if (index.regions.size > 0 && !index.regions.has(athena[1])) {
      return undefined;
    }
    const parts = name.split('.');
    if (parts.length !== 3) return undefined;
    return matchTable(index, parts[1], parts[2]);
  }
  const glue = GLUE.exec(namespace);
  if (glue) {
    if (
      index.accounts.size > 0 &&
      !index.accounts.has(`${glue[1]}:${glue[2]}`)
    ) {
      return undefined;
    }
    const parts = name.split('/');
    if (parts.length !== 3 || parts[0] !== 'table') return undefined;
    return matchTable(index, parts[1], parts[2]);
  }
  if (index.tableNamespaces.some(prefix => namespace.startsWith(prefix))) {
    const parts = name.split('.');
    if (parts.length < 2) return undefined;
    return matchTable(index, parts[parts.length - 2], parts[parts.length - 1]);
  }
  return undefined;
}

/**
 * The DataProduct a job belongs to: a `meshport` job facet
 * (`{ dataProduct: "<ref or name>" }`), else its namespace when that names a
 * product (`churn`, `dataproduct:default/churn`), else the one product whose
 * Datasets it writes.
 */
export function matchJobProduct(
  index: CatalogIndex,
  job: { namespace: string; facetProduct?: string },
  outputRefs: string[],
): string | undefined {
  for (const candidate of [job.facetProduct, job.namespace]) {
    if (!candidate) continue;
    const found = index.productsByName.get(lower(candidate));
    if (found) return found;
  }
  const producers = new Set(
    outputRefs
      .map(ref => index.datasets.get(ref)?.dataProduct)
      .filter((p): p is string => !!p),
  );
  return producers.size === 1 ? [...producers][0] : undefined;
}
