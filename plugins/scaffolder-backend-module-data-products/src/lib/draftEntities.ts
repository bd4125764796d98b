/*
 * The wizard's values as entities: builds the DataProduct and its Dataset as
 * objects and serialises them with a YAML library, so no value can add a
 * document, a key or a kind to the file. Pure.
 */
import {
  ACCESS_LEVELS,
  type ColumnDraft,
  DATA_PRODUCT_KIND,
  DATA_PRODUCT_TYPES,
  DATASET_KIND,
  DataProductEntity,
  toSchemaColumns,
  DatasetEntity,
  MESHPORT_API_VERSION,
} from '@meshport/plugin-data-products-common';
import { Document, parseAllDocuments } from 'yaml';

export interface DraftProductValues {
  name: string;
  title: string;
  description?: string;
  owner: string;
  domain: string;
  productType: (typeof DATA_PRODUCT_TYPES)[number];
  environments: string[];
  /** A browsable URL of the repository, shown as a link. */
  repositoryUrl?: string;
}

export interface DraftDatasetValues {
  name: string;
  title: string;
  description?: string;
  access: (typeof ACCESS_LEVELS)[number];
  outputType: 's3' | 'glue';
  bucket?: string;
  availabilityTarget: number;
  completenessTarget?: number;
  freshnessTarget: number;
  freshnessMaxAge: string;
  /** The schema step's columns (at least one, checked with describeColumnProblems). */
  columns: ColumnDraft[];
}

/** `customer-churn` -> `customer_churn`: a Glue/dbt identifier. */
export const toIdentifier = (name: string) =>
  name.replace(/[-.]/g, '_').toLocaleLowerCase('en-US');

function isOnGitHub(url: string): boolean {
  try {
    return new URL(url).host === 'github.com';
  } catch {
    return false;
  }
}

export function buildDataProduct(
  values: DraftProductValues,
): DataProductEntity {
  return {
    apiVersion: MESHPORT_API_VERSION,
    kind: DATA_PRODUCT_KIND,
    metadata: {
      name: values.name,
      title: values.title,
      description: values.description || values.title,
      tags: [values.productType],
      ...(values.repositoryUrl
        ? {
            links: [
              {
                url: values.repositoryUrl,
                title: 'Source repository',
                // GitHub's icon only for GitHub; elsewhere the card's link icon
                ...(isOnGitHub(values.repositoryUrl) ? { icon: 'github' } : {}),
              },
            ],
          }
        : {}),
    },
    spec: {
      owner: values.owner,
      domain: values.domain,
      lifecycle: 'experimental',
      type: values.productType,
      environments: [...values.environments],
    },
  } as DataProductEntity;
}

export function buildDataset(
  values: DraftDatasetValues,
  product: { name: string; owner: string },
): DatasetEntity {
  const output =
    values.outputType === 'glue'
      ? {
          type: 'glue',
          database: toIdentifier(product.name),
          table: toIdentifier(values.name),
        }
      : {
          type: 's3',
          bucket: values.bucket ?? 'datalake',
          path: `${product.name}/${values.name}/`,
          format: 'parquet',
        };
  return {
    apiVersion: MESHPORT_API_VERSION,
    kind: DATASET_KIND,
    metadata: {
      name: values.name,
      title: values.title,
      description: values.description || values.title,
    },
    spec: {
      dataProduct: product.name,
      owner: product.owner,
      access: values.access,
      lifecycle: 'experimental',
      outputs: [output],
      schema: { columns: toSchemaColumns(values.columns) },
      slos: {
        availability: { target: values.availabilityTarget, window: '20d' },
        ...(values.completenessTarget === undefined
          ? {}
          : {
              completeness: {
                target: values.completenessTarget,
                maxDropPercent: 5,
                window: '20d',
              },
            }),
        freshness: {
          target: values.freshnessTarget,
          maxAge: values.freshnessMaxAge,
          window: '20d',
        },
      },
    },
  } as DatasetEntity;
}

/** Joins YAML documents into one file, each after the first starting with `---`. */
export function joinDocuments(documents: Document[]): string {
  return documents
    .map((document, index) => {
      if (index > 0) {
        document.directives!.docStart = true;
      }
      return document.toString({ lineWidth: 0 });
    })
    .join('');
}

/** Serialises entities as YAML documents (one per entity), with an optional comment on top. */
export function stringifyEntities(
  entities: object[],
  headerComment?: string,
): string {
  const documents = entities.map(entity => new Document(entity));
  if (headerComment && documents.length > 0) {
    documents[0].commentBefore = headerComment
      .split('\n')
      .map(line => ` ${line}`)
      .join('\n');
  }
  return joinDocuments(documents);
}

/**
 * Appends entities to the text of a YAML file as serialised documents; the
 * file's own documents (and comments) stay as they are.
 */
export function appendEntities(current: string, entities: object[]): string {
  return joinDocuments([
    ...parseAllDocuments(current).filter(
      document => document.contents !== null,
    ),
    ...entities.map(entity => new Document(entity)),
  ]);
}
