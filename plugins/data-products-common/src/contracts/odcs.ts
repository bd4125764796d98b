/*
 * Dataset <-> ODCS v3.1 data contract (the table in the package README is the contract).
 * Pure: no I/O; the CLI, the backend and the UI call these with entities they already hold.
 */
import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ACCESS_LEVELS,
  AccessLevel,
  CLASSIFICATIONS,
  Classification,
  COLUMN_TYPES,
  ColumnType,
  DATASET_KIND,
  DatasetEntity,
  MESHPORT_API_VERSION,
  MeshportEnvironment,
  SchemaColumn,
} from '../types';
import {
  asString,
  asStringList,
  backstageMetadataProperties,
  compact,
  CONTRACT_ID_ANNOTATION,
  CONTRACT_NAME_ANNOTATION,
  CONTRACT_TABLE_ANNOTATION,
  ContractImport,
  CUSTOM_PREFIX,
  DEFAULT_VERSION,
  keepRemainder,
  lifecycleToStatus,
  ODCS_ANNOTATION,
  readBackstageMetadata,
  readCustomProperties,
  dropEmptyAnnotations,
  importOwner,
  withRemainder,
  statusToLifecycle,
  toCustomProperties,
  toEntityName,
} from './common';
import { ContractFormatError } from './errors';
import { exportServers, importServers } from './odcsServers';
import {
  isJsonObject,
  JsonObject,
  JsonValue,
  UnmappedField,
} from './remainder';
import { exportCompletenessRule, exportSlas, importSlos } from './odcsSlos';

export const ODCS_API_VERSION = 'v3.1.0';

export interface OdcsExportOptions {
  /** The configured environments: one server per environment and output, with real names. */
  environments?: MeshportEnvironment[];
  /** Name of the producing product's Domain (ODCS `domain`). */
  domain?: string;
}

export interface OdcsImportOptions {
  environments?: MeshportEnvironment[];
  /**
   * The Domain of the producing DataProduct, when the caller knows it (the ODPS document of
   * the product comes along). The contract's `domain` is then Meshport's; otherwise it is kept
   * in the annotation, as a field Meshport has no place for on a Dataset.
   */
  domain?: string;
  /** Used when the contract names no data product / team. */
  defaultDataProduct?: string;
  defaultOwner?: string;
}

function columnToProperty(column: SchemaColumn, position: number | undefined) {
  return compact({
    name: column.name,
    logicalType: column.type,
    physicalType: column.physicalType,
    description: column.description,
    classification: column.classification,
    required: column.required,
    primaryKey: column.primaryKey,
    primaryKeyPosition: position,
  }) as JsonObject;
}

/** The consumer role Meshport derives for every dataset that can be requested. */
function exportRoles(dataset: DatasetEntity): JsonObject[] {
  if (dataset.spec.access === 'private') {
    return [];
  }
  return [
    compact({
      role: 'consumer',
      access: 'read',
      description:
        dataset.spec.access === 'unrestricted'
          ? 'Read access for any data product that requests it, granted at once.'
          : 'Read access for a data product whose request the dataset owner approved.',
      firstLevelApprovers:
        dataset.spec.access === 'restricted' ? dataset.spec.owner : undefined,
    }) as JsonObject,
  ];
}

function exportWithoutRemainder(
  dataset: DatasetEntity,
  options: OdcsExportOptions,
): JsonObject {
  const { metadata, spec } = dataset;
  const columns = spec.schema?.columns ?? [];
  let primaryKeyPosition = 0;
  const glueTable = spec.outputs?.find(
    output => output.type === 'glue' && output.table,
  );
  const schemaObject = compact({
    name: metadata.annotations?.[CONTRACT_TABLE_ANNOTATION] ?? metadata.name,
    physicalName:
      glueTable?.type === 'glue' ? (glueTable.table as string) : undefined,
    logicalType: 'object',
    physicalType: 'table',
    businessName: metadata.title,
    properties: columns.map(column =>
      columnToProperty(
        column,
        column.primaryKey ? ++primaryKeyPosition : undefined,
      ),
    ),
    quality: exportCompletenessRule(spec.slos),
  });

  return compact({
    apiVersion: ODCS_API_VERSION,
    kind: 'DataContract',
    id:
      metadata.annotations?.[CONTRACT_ID_ANNOTATION] ??
      stringifyEntityRef(dataset),
    name: metadata.annotations?.[CONTRACT_NAME_ANNOTATION] ?? metadata.name,
    version: spec.version ?? DEFAULT_VERSION,
    status: lifecycleToStatus(spec.lifecycle),
    domain: options.domain,
    dataProduct: spec.dataProduct,
    description: metadata.description
      ? { purpose: metadata.description }
      : undefined,
    tags: metadata.tags,
    team: { name: spec.owner },
    roles: exportRoles(dataset),
    servers: exportServers(spec.outputs ?? [], options.environments),
    schema: [schemaObject],
    slaProperties: exportSlas(spec.slos),
    customProperties: toCustomProperties({
      access: spec.access,
      'slos.availability.window': spec.slos?.availability?.window,
      'slos.freshness.target': spec.slos?.freshness?.target,
      'slos.freshness.window': spec.slos?.freshness?.window,
      deprecates: spec.deprecates,
      ...backstageMetadataProperties(dataset),
    }),
  }) as JsonObject;
}

/**
 * The ODCS v3.1 contract of a dataset. Meshport-only fields travel in `customProperties`
 * (`meshport.*`); fields kept from an earlier import (annotation `meshport.io/odcs`) are merged
 * back, so a contract that came in goes out with every section it had.
 */
export function exportDatasetToOdcs(
  dataset: DatasetEntity,
  options: OdcsExportOptions = {},
): JsonObject {
  return withRemainder(
    dataset,
    exportWithoutRemainder(dataset, options),
    ODCS_ANNOTATION,
  );
}

const PHYSICAL_TYPE_FAMILIES: Array<[RegExp, ColumnType]> = [
  [
    /^(tiny|small|medium|big)?int(eger)?\d*\b|^(long|short|serial|bigserial)\b/i,
    'integer',
  ],
  [/^(decimal|numeric|number|float|double|real|money)/i, 'number'],
  [/^bool/i, 'boolean'],
  [/^timestamp|^datetime/i, 'timestamp'],
  [/^date\b/i, 'date'],
  [/^time\b/i, 'time'],
  [/^(array|list)/i, 'array'],
  [/^(struct|map|json|object|record|variant)/i, 'object'],
  [/^(var)?char|^n?varchar|^n?char|^text|^string|^uuid|^clob/i, 'string'],
];

function columnType(
  property: JsonObject,
  path: string,
  unmapped: UnmappedField[],
): ColumnType {
  const logical = property.logicalType;
  if (COLUMN_TYPES.includes(logical as ColumnType)) {
    return logical as ColumnType;
  }
  const physical = asString(property.physicalType) ?? '';
  const inferred = PHYSICAL_TYPE_FAMILIES.find(([pattern]) =>
    pattern.test(physical),
  )?.[1];
  unmapped.push({
    path: `${path}.logicalType`,
    message: inferred
      ? `missing; read as ${inferred} from the physical type ${physical}`
      : `missing or unknown; read as string`,
  });
  return inferred ?? 'string';
}

function importColumns(
  properties: JsonValue | undefined,
  unmapped: UnmappedField[],
): SchemaColumn[] {
  if (!Array.isArray(properties)) {
    return [];
  }
  return properties.flatMap((property, index) => {
    if (!isJsonObject(property) || !asString(property.name)) {
      return [];
    }
    const path = `schema[0].properties[${index}]`;
    const classification = CLASSIFICATIONS.includes(
      property.classification as Classification,
    )
      ? (property.classification as Classification)
      : undefined;
    return [
      compact({
        name: property.name as string,
        type: columnType(property, path, unmapped),
        physicalType: asString(property.physicalType),
        description: asString(property.description),
        classification,
        required:
          typeof property.required === 'boolean'
            ? property.required
            : undefined,
        primaryKey:
          typeof property.primaryKey === 'boolean'
            ? property.primaryKey
            : undefined,
      }) as SchemaColumn,
    ];
  });
}

function readIdentity(doc: JsonObject) {
  const id = asString(doc.id);
  if (id && /^dataset:/i.test(id)) {
    try {
      const ref = parseEntityRef(id);
      return { name: ref.name, namespace: ref.namespace };
    } catch {
      // not an entity ref after all: treated as a foreign id below
    }
  }
  const contractName = asString(doc.name) ?? id ?? 'imported';
  const name = toEntityName(contractName);
  return {
    name,
    namespace: DEFAULT_NAMESPACE,
    foreignId: id,
    foreignName: name === contractName ? undefined : contractName,
  };
}

/** Checks that a document is an ODCS v3 contract; throws a ContractFormatError naming the field. */
export function assertOdcsContract(doc: unknown): asserts doc is JsonObject {
  if (!isJsonObject(doc)) {
    throw new ContractFormatError('<root>', 'must be an ODCS contract object');
  }
  if (doc.kind !== 'DataContract') {
    throw new ContractFormatError('kind', 'must be DataContract');
  }
  if (typeof doc.apiVersion !== 'string' || !/^v3\./.test(doc.apiVersion)) {
    throw new ContractFormatError(
      'apiVersion',
      'must be an ODCS v3 version such as v3.1.0',
    );
  }
}

/**
 * A Dataset from an ODCS v3.x contract, with a list of the fields Meshport has no place for
 * (kept in the annotation `meshport.io/odcs`, so that exporting the Dataset gives them back).
 */
export function importOdcsContract(
  doc: unknown,
  options: OdcsImportOptions = {},
): ContractImport<DatasetEntity> {
  assertOdcsContract(doc);
  const unmapped: UnmappedField[] = [];
  const custom = readCustomProperties(doc.customProperties);
  const schemaObject = Array.isArray(doc.schema)
    ? doc.schema.find(isJsonObject)
    : undefined;
  const identity = readIdentity(doc);
  const backstage = readBackstageMetadata(custom);

  const access = custom.get(`${CUSTOM_PREFIX}access`);
  if (!ACCESS_LEVELS.includes(access as AccessLevel)) {
    unmapped.push({
      path: 'customProperties[meshport.access]',
      message: 'absent; access set to restricted (the owner approves requests)',
    });
  }
  const owner = importOwner(doc, options.defaultOwner, unmapped);
  const dataProduct =
    asString(doc.dataProduct) ??
    options.defaultDataProduct ??
    toEntityName(asString(doc.domain) ?? identity.name);
  if (!asString(doc.dataProduct)) {
    unmapped.push({
      path: 'dataProduct',
      message: `absent; set to ${dataProduct}: change it to the producing DataProduct`,
    });
  }
  const version = asString(doc.version);
  const deprecates = custom.get(`${CUSTOM_PREFIX}deprecates`);
  const columns = importColumns(schemaObject?.properties, unmapped);
  const outputs = importServers(
    doc.servers,
    options.environments,
    asString(schemaObject?.physicalName),
  );

  const entity: DatasetEntity = {
    apiVersion: MESHPORT_API_VERSION,
    kind: DATASET_KIND,
    metadata: compact({
      name: identity.name,
      namespace:
        identity.namespace === DEFAULT_NAMESPACE
          ? undefined
          : identity.namespace,
      title: asString(schemaObject?.businessName),
      description: isJsonObject(doc.description)
        ? asString(doc.description.purpose)
        : undefined,
      tags: asStringList(doc.tags),
      links: backstage.links as DatasetEntity['metadata']['links'],
      labels: backstage.labels,
      annotations: compact({
        ...backstage.annotations,
        [CONTRACT_ID_ANNOTATION]: identity.foreignId,
        [CONTRACT_NAME_ANNOTATION]: identity.foreignName,
        [CONTRACT_TABLE_ANNOTATION]:
          schemaObject?.name !== identity.name
            ? asString(schemaObject?.name)
            : undefined,
      }) as Record<string, string>,
    }),
    spec: compact({
      dataProduct,
      owner,
      access: ACCESS_LEVELS.includes(access as AccessLevel)
        ? (access as AccessLevel)
        : 'restricted',
      version:
        version &&
        /^\d+\.\d+\.\d+$/.test(version) &&
        version !== DEFAULT_VERSION
          ? version
          : undefined,
      deprecates: isJsonObject(deprecates)
        ? (deprecates as DatasetEntity['spec']['deprecates'])
        : undefined,
      lifecycle: statusToLifecycle(doc.status),
      outputs,
      schema: columns.length > 0 ? { columns } : undefined,
      slos: importSlos(doc, schemaObject, custom, unmapped),
    }),
  };
  dropEmptyAnnotations(entity);

  const serversPerEnvironment =
    Array.isArray(doc.servers) &&
    doc.servers.some(server => isJsonObject(server) && server.environment);
  const reexported = exportWithoutRemainder(entity, {
    environments: serversPerEnvironment ? options.environments : undefined,
    domain: options.domain,
  });
  return keepRemainder(entity, doc, reexported, ODCS_ANNOTATION, unmapped);
}
