/*
 * Test helpers (not exported from the package): the example entities and environments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '../../types';

export const EXAMPLES_DIR = path.resolve(__dirname, '../../../../../examples');

export interface ExampleProduct {
  file: string;
  product: DataProductEntity;
  datasets: DatasetEntity[];
}

/** Every examples/products/<product>/catalog-info.yaml: its DataProduct and Datasets. */
export function loadExampleProducts(): ExampleProduct[] {
  const folder = path.join(EXAMPLES_DIR, 'products');
  return fs
    .readdirSync(folder)
    .sort()
    .map(name => {
      const file = path.join(folder, name, 'catalog-info.yaml');
      const documents = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(
        document => document.toJS(),
      );
      return {
        file,
        product: documents.find(d => d.kind === 'DataProduct'),
        datasets: documents.filter(d => d.kind === 'Dataset'),
      };
    });
}

/** The environments of the repository's app-config.yaml (dev and prd). */
export const EXAMPLE_ENVIRONMENTS: MeshportEnvironment[] = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: {
      datalake: { name: 'meshport-dev-datalake' },
      archive: { name: 'meshport-dev-archive' },
    },
    readsFrom: ['prd'],
  },
  {
    name: 'prd',
    accountId: '222222222222',
    region: 'eu-west-1',
    buckets: {
      datalake: { name: 'meshport-prd-datalake' },
      archive: { name: 'meshport-prd-archive' },
    },
    readsFrom: [],
  },
];
