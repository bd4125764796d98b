/*
 * The planner's first step: the catalog's products and datasets, read into
 * the shapes the planner works on. Retired entities are left out, bad
 * references and outputs are plan problems.
 */
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import { AwsPlanProblem } from '../model';
import { cachedRefNormalizer, refOf } from './names';
import { DatasetInfo, ProductInfo, sortedByKey } from './shared';

const UNSAFE_IN_ARN = /[*?$]/;

function isRetired(entity: { spec?: { lifecycle?: string } }): boolean {
  return entity.spec?.lifecycle === 'retired';
}

export function collectProducts(
  entities: DataProductEntity[],
  envByName: Map<string, MeshportEnvironment>,
  problems: AwsPlanProblem[],
): Map<string, ProductInfo> {
  const products = new Map<string, ProductInfo>();
  for (const entity of sortedByKey(entities, refOf)) {
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

export function collectDatasets(
  entities: DatasetEntity[],
  products: Map<string, ProductInfo>,
  problems: AwsPlanProblem[],
): Map<string, DatasetInfo> {
  const datasets = new Map<string, DatasetInfo>();
  const normalize = cachedRefNormalizer();
  for (const entity of sortedByKey(entities, refOf)) {
    if (isRetired(entity)) continue;
    const ref = refOf(entity);
    const namespace = entity.metadata.namespace ?? 'default';
    let productRef: string;
    try {
      productRef = normalize(
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
