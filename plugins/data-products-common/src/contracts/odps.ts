/*
 * DataProduct (with its Datasets) <-> ODPS v1.0 data product. Output ports are the product's
 * Datasets and point at their ODCS contracts (`contractId` = the contract's `id`); input ports
 * point at the contracts of the Datasets the product consumes.
 */
import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { resolveSpecRef } from '../refs';
import {
  DATA_PRODUCT_KIND,
  DATA_PRODUCT_TYPES,
  DataProductEntity,
  DataProductType,
  DatasetEntity,
  InputPort,
  MESHPORT_API_VERSION,
  SUPPORT_TOOLS,
  SupportChannel,
  SupportTool,
} from '../types';
import {
  asString,
  asStringList,
  backstageMetadataProperties,
  compact,
  CONTRACT_ID_ANNOTATION,
  ContractImport,
  INPUT_CONTRACTS_ANNOTATION,
  CUSTOM_PREFIX,
  DEFAULT_VERSION,
  keepRemainder,
  lifecycleToStatus,
  ODPS_ANNOTATION,
  PRODUCT_ID_ANNOTATION,
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
import {
  isJsonObject,
  JsonObject,
  JsonValue,
  UnmappedField,
} from './remainder';

export const ODPS_API_VERSION = 'v1.0.0';
const PURPOSE_PROPERTY = 'purpose';
const DEFAULT_PURPOSE =
  'Imported from an ODPS input port; state why the product needs it.';

export interface OdpsExportOptions {
  /** The product's Datasets (its output ports). */
  datasets?: DatasetEntity[];
  /** Datasets the product consumes, when known: their version and contract id go on the input ports. */
  inputDatasets?: DatasetEntity[];
}

export interface OdpsImportOptions extends OdpsExportOptions {
  /** Used when the document names no team / domain. */
  defaultOwner?: string;
  defaultDomain?: string;
}

/** The ODCS contract id of a dataset: its entity ref, or the foreign id it was imported with. */
export function contractIdOf(dataset: DatasetEntity): string {
  return (
    dataset.metadata.annotations?.[CONTRACT_ID_ANNOTATION] ??
    stringifyEntityRef(dataset)
  );
}

function productId(product: DataProductEntity): string {
  const namespace = product.metadata.namespace ?? DEFAULT_NAMESPACE;
  return (
    product.metadata.annotations?.[PRODUCT_ID_ANNOTATION] ??
    (namespace === DEFAULT_NAMESPACE
      ? product.metadata.name
      : `${namespace}/${product.metadata.name}`)
  );
}

type InputContracts = Record<string, { contractId?: string; version?: string }>;

function readInputContracts(product: DataProductEntity): InputContracts {
  try {
    const value = JSON.parse(
      product.metadata.annotations?.[INPUT_CONTRACTS_ANNOTATION] ?? '{}',
    );
    return isJsonObject(value) ? (value as InputContracts) : {};
  } catch {
    return {};
  }
}

function exportInputPort(
  product: DataProductEntity,
  port: InputPort,
  inputDatasets: DatasetEntity[],
): JsonObject {
  const ref = stringifyEntityRef(
    resolveSpecRef(product, 'inputPort', port.dataset),
  );
  const known = inputDatasets.find(d => stringifyEntityRef(d) === ref);
  const imported = readInputContracts(product)[port.dataset];
  return {
    name: parseEntityRef(ref).name,
    version: known?.spec.version ?? imported?.version ?? DEFAULT_VERSION,
    contractId: known ? contractIdOf(known) : imported?.contractId ?? ref,
    customProperties: [{ property: PURPOSE_PROPERTY, value: port.purpose }],
  };
}

function exportWithoutRemainder(
  product: DataProductEntity,
  options: OdpsExportOptions,
): JsonObject {
  const { metadata, spec } = product;
  const support = spec.support ?? [];
  // ODPS requires a URL on every support channel; channels without one travel as custom properties.
  const withoutUrl = support
    .map((channel, position) => ({ position, ...channel }))
    .filter(channel => !channel.url);
  return compact({
    apiVersion: ODPS_API_VERSION,
    kind: 'DataProduct',
    id: productId(product),
    name: metadata.title ?? metadata.name,
    status: lifecycleToStatus(spec.lifecycle),
    domain: spec.domain,
    description: metadata.description
      ? { purpose: metadata.description }
      : undefined,
    tags: metadata.tags,
    inputPorts: (spec.inputPorts ?? []).map(port =>
      exportInputPort(product, port, options.inputDatasets ?? []),
    ),
    outputPorts: (options.datasets ?? []).map(
      dataset =>
        compact({
          name: dataset.metadata.name,
          description: dataset.metadata.description,
          type: 'dataset',
          version: dataset.spec.version ?? DEFAULT_VERSION,
          contractId: contractIdOf(dataset),
        }) as JsonObject,
    ),
    support: support
      .filter(channel => channel.url)
      .map(channel => compact({ ...channel }) as JsonObject),
    team: { name: spec.owner },
    customProperties: toCustomProperties({
      type: spec.type,
      environments: spec.environments,
      supportWithoutUrl:
        withoutUrl.length > 0
          ? (withoutUrl.map(channel => compact(channel)) as JsonValue)
          : undefined,
      ...backstageMetadataProperties(product),
    }),
  }) as JsonObject;
}

/**
 * The ODPS v1.0 document of a product, with its datasets as output ports. Fields kept from an
 * earlier import (annotation `meshport.io/odps`) are merged back.
 */
export function exportDataProductToOdps(
  product: DataProductEntity,
  options: OdpsExportOptions = {},
): JsonObject {
  return withRemainder(
    product,
    exportWithoutRemainder(product, options),
    ODPS_ANNOTATION,
  );
}

const ENTITY_NAME =
  /^[A-Za-z0-9][-A-Za-z0-9_.]{0,61}[A-Za-z0-9]$|^[A-Za-z0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readIdentity(doc: JsonObject) {
  const id = asString(doc.id) ?? '';
  const [first, second] = id.split('/');
  const name = second ?? first;
  const namespace = second ? first : DEFAULT_NAMESPACE;
  if (
    ENTITY_NAME.test(name) &&
    !UUID.test(name) &&
    /^[a-z0-9-]+$/.test(namespace)
  ) {
    return { name, namespace };
  }
  return {
    name: toEntityName(asString(doc.name) ?? id),
    namespace: DEFAULT_NAMESPACE,
    foreignId: id || undefined,
  };
}

/** The dataset an input port names, as short as the product's namespace allows. */
function portDataset(port: JsonObject, namespace: string): string | undefined {
  const contractId = asString(port.contractId);
  if (contractId && /^dataset:/i.test(contractId)) {
    const ref = parseEntityRef(contractId);
    return ref.namespace === namespace
      ? ref.name
      : `${ref.namespace}/${ref.name}`;
  }
  const name = asString(port.name);
  return name ? toEntityName(name) : undefined;
}

function importInputPorts(
  doc: JsonObject,
  namespace: string,
  options: OdpsImportOptions,
  unmapped: UnmappedField[],
  inputContracts: InputContracts,
): InputPort[] {
  const ports = Array.isArray(doc.inputPorts) ? doc.inputPorts : [];
  const result: InputPort[] = [];
  ports.forEach((port, index) => {
    if (!isJsonObject(port)) {
      return;
    }
    const known = (options.inputDatasets ?? []).find(
      dataset => contractIdOf(dataset) === port.contractId,
    );
    const dataset = known ? known.metadata.name : portDataset(port, namespace);
    if (!dataset || result.some(existing => existing.dataset === dataset)) {
      return; // a second version of the same input: the remainder keeps it
    }
    const purpose = asString(
      readCustomProperties(port.customProperties).get(PURPOSE_PROPERTY),
    );
    if (!purpose) {
      unmapped.push({
        path: `inputPorts[${index}]`,
        message: 'names no purpose; a placeholder purpose was written',
      });
    }
    result.push({ dataset, purpose: purpose ?? DEFAULT_PURPOSE });
    const contractId = asString(port.contractId);
    const version = asString(port.version);
    if (!known && contractId && !/^dataset:/i.test(contractId)) {
      inputContracts[dataset] = compact({ contractId, version });
    }
  });
  return result;
}

function importSupport(
  doc: JsonObject,
  custom: Map<string, JsonValue>,
): SupportChannel[] {
  const toChannel = (item: JsonValue): SupportChannel[] => {
    if (!isJsonObject(item) || !asString(item.channel)) {
      return [];
    }
    const url = asString(item.url);
    return [
      compact({
        channel: item.channel as string,
        url: url && /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(url) ? url : undefined,
        tool: SUPPORT_TOOLS.includes(item.tool as SupportTool)
          ? (item.tool as SupportTool)
          : undefined,
        description: asString(item.description),
      }),
    ];
  };
  const channels = (Array.isArray(doc.support) ? doc.support : []).flatMap(
    toChannel,
  );
  const withoutUrl = custom.get(`${CUSTOM_PREFIX}supportWithoutUrl`);
  for (const item of Array.isArray(withoutUrl) ? withoutUrl : []) {
    const position = isJsonObject(item) ? item.position : undefined;
    const [channel] = toChannel(item);
    if (channel) {
      channels.splice(
        typeof position === 'number' ? position : channels.length,
        0,
        channel,
      );
    }
  }
  return channels;
}

/** Checks that a document is an ODPS v1 data product; throws a ContractFormatError naming the field. */
export function assertOdpsProduct(doc: unknown): asserts doc is JsonObject {
  if (!isJsonObject(doc)) {
    throw new ContractFormatError(
      '<root>',
      'must be an ODPS data product object',
    );
  }
  if (doc.kind !== 'DataProduct') {
    throw new ContractFormatError('kind', 'must be DataProduct');
  }
  if (
    typeof doc.apiVersion !== 'string' ||
    !/^v(1\.|0\.9)/.test(doc.apiVersion)
  ) {
    throw new ContractFormatError(
      'apiVersion',
      'must be an ODPS version such as v1.0.0',
    );
  }
}

/**
 * A DataProduct from an ODPS v1.0 document, with a list of the fields Meshport has no place
 * for (kept in the annotation `meshport.io/odps`). Output ports become Datasets by importing
 * their ODCS contracts: pass those Datasets as `datasets` so that they are recognised.
 */
export function importOdpsProduct(
  doc: unknown,
  options: OdpsImportOptions = {},
): ContractImport<DataProductEntity> {
  assertOdpsProduct(doc);
  const unmapped: UnmappedField[] = [];
  const custom = readCustomProperties(doc.customProperties);
  const identity = readIdentity(doc);
  const backstage = readBackstageMetadata(custom);
  const owner = importOwner(doc, options.defaultOwner, unmapped);
  const domain = asString(doc.domain) ?? options.defaultDomain ?? 'unknown';
  if (!asString(doc.domain)) {
    unmapped.push({
      path: 'domain',
      message: `absent; domain set to ${domain}`,
    });
  }
  const type = custom.get(`${CUSTOM_PREFIX}type`);
  const name = asString(doc.name);
  const inputContracts: InputContracts = {};
  const inputPorts = importInputPorts(
    doc,
    identity.namespace,
    options,
    unmapped,
    inputContracts,
  );

  const entity: DataProductEntity = {
    apiVersion: MESHPORT_API_VERSION,
    kind: DATA_PRODUCT_KIND,
    metadata: compact({
      name: identity.name,
      namespace:
        identity.namespace === DEFAULT_NAMESPACE
          ? undefined
          : identity.namespace,
      title: name && name !== identity.name ? name : undefined,
      description: isJsonObject(doc.description)
        ? asString(doc.description.purpose)
        : undefined,
      tags: asStringList(doc.tags),
      links: backstage.links as DataProductEntity['metadata']['links'],
      labels: backstage.labels,
      annotations: compact({
        ...backstage.annotations,
        [PRODUCT_ID_ANNOTATION]: identity.foreignId,
        [INPUT_CONTRACTS_ANNOTATION]:
          Object.keys(inputContracts).length > 0
            ? JSON.stringify(inputContracts)
            : undefined,
      }) as Record<string, string>,
    }),
    spec: compact({
      owner,
      domain,
      lifecycle: statusToLifecycle(doc.status),
      type: DATA_PRODUCT_TYPES.includes(type as DataProductType)
        ? (type as DataProductType)
        : undefined,
      environments: asStringList(custom.get(`${CUSTOM_PREFIX}environments`)),
      inputPorts,
      support: importSupport(doc, custom),
    }),
  };
  dropEmptyAnnotations(entity);
  const reexported = exportWithoutRemainder(entity, options);
  return keepRemainder(entity, doc, reexported, ODPS_ANNOTATION, unmapped);
}
