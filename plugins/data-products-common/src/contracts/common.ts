/*
 * What the ODCS and ODPS mappings share: lifecycle <-> status, custom properties, the
 * annotations that keep standard-only fields, and the result type of an import.
 */
import type { Entity } from '@backstage/catalog-model';
import { LIFECYCLES, Lifecycle } from '../types';
import {
  computeRemainder,
  isJsonObject,
  mergeRemainder,
  JsonObject,
  JsonValue,
  UnmappedField,
} from './remainder';

/** Annotation keeping the ODCS fields a Dataset has no place for (JSON). */
export const ODCS_ANNOTATION = 'meshport.io/odcs';
/** Annotation keeping the ODPS fields a DataProduct has no place for (JSON). */
export const ODPS_ANNOTATION = 'meshport.io/odps';

/** Annotation keeping a foreign contract id, so that ODPS ports still point at it. */
export const CONTRACT_ID_ANNOTATION = 'meshport.io/contract-id';
/** Annotation keeping a contract name that is not a usable entity name. */
export const CONTRACT_NAME_ANNOTATION = 'meshport.io/contract-name';
/** Annotation keeping the name of the contract's table (schema[0].name) when it is not the dataset's. */
export const CONTRACT_TABLE_ANNOTATION = 'meshport.io/contract-table';
/** Annotation keeping the contract ids and versions of input ports whose Dataset is not known (JSON). */
export const INPUT_CONTRACTS_ANNOTATION = 'meshport.io/input-contracts';
/** Annotation keeping a foreign product id that is not a usable entity name. */
export const PRODUCT_ID_ANNOTATION = 'meshport.io/product-id';

/** Annotations the mapping itself writes; they never travel as custom properties. */
const MAPPING_ANNOTATIONS = [
  ODCS_ANNOTATION,
  ODPS_ANNOTATION,
  CONTRACT_ID_ANNOTATION,
  CONTRACT_NAME_ANNOTATION,
  CONTRACT_TABLE_ANNOTATION,
  INPUT_CONTRACTS_ANNOTATION,
  PRODUCT_ID_ANNOTATION,
];

/** Prefix of the custom properties holding Meshport-only fields. */
export const CUSTOM_PREFIX = 'meshport.';

/** Version written where the standard needs one and the entity has none. */
export const DEFAULT_VERSION = '1.0.0';

const STATUS_BY_LIFECYCLE: Record<Lifecycle, string> = {
  experimental: 'draft',
  production: 'active',
  deprecated: 'deprecated',
  retired: 'retired',
};

export function lifecycleToStatus(lifecycle: Lifecycle | undefined): string {
  return STATUS_BY_LIFECYCLE[lifecycle ?? 'experimental'];
}

/** ODCS/ODPS status to lifecycle; unknown statuses read as experimental (reported by the caller). */
export function statusToLifecycle(status: unknown): Lifecycle {
  const found = LIFECYCLES.find(
    lifecycle => STATUS_BY_LIFECYCLE[lifecycle] === status,
  );
  return found ?? 'experimental';
}

export interface ContractImport<T extends Entity> {
  entity: T;
  /** One entry per field that has no Meshport counterpart, or only an approximate one. */
  unmapped: UnmappedField[];
}

/** A custom property list from Meshport fields; undefined values are left out. */
export function toCustomProperties(
  values: Record<string, JsonValue | undefined>,
): JsonObject[] {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ({
      property: `${CUSTOM_PREFIX}${name}`,
      value: value as JsonValue,
    }));
}

/** Reads `customProperties` into a map by property name. */
export function readCustomProperties(list: unknown): Map<string, JsonValue> {
  const result = new Map<string, JsonValue>();
  if (Array.isArray(list)) {
    for (const item of list) {
      if (isJsonObject(item) && typeof item.property === 'string') {
        result.set(item.property, item.value ?? null);
      }
    }
  }
  return result;
}

/** Drops undefined values and empty lists, so exports and imports compare and print cleanly. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || (Array.isArray(item) && item.length === 0)) {
      continue;
    }
    result[key] = item;
  }
  return result as T;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function asStringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every(v => typeof v === 'string')
    ? (value as string[])
    : undefined;
}

/** Backstage entity name from any name: invalid characters become `-`, at most 63. */
export function toEntityName(name: string): string {
  const cleaned = name
    .trim()
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
  return cleaned || 'imported';
}

/** The metadata fields Meshport keeps in custom properties (Backstage-only). */
export function backstageMetadataProperties(entity: Entity) {
  const annotations = Object.fromEntries(
    Object.entries(entity.metadata.annotations ?? {}).filter(
      ([key]) => !MAPPING_ANNOTATIONS.includes(key),
    ),
  );
  return {
    links: (entity.metadata.links as JsonValue | undefined) ?? undefined,
    labels: (entity.metadata.labels as JsonValue | undefined) ?? undefined,
    annotations:
      Object.keys(annotations).length > 0
        ? (annotations as JsonValue)
        : undefined,
  };
}

/** The Backstage metadata read back from custom properties. */
export function readBackstageMetadata(custom: Map<string, JsonValue>) {
  const object = (name: string) => {
    const value = custom.get(`${CUSTOM_PREFIX}${name}`);
    return isJsonObject(value) ? value : undefined;
  };
  const links = custom.get(`${CUSTOM_PREFIX}links`);
  return {
    links: Array.isArray(links) ? links : undefined,
    labels: object('labels') as Record<string, string> | undefined,
    annotations: object('annotations') as Record<string, string> | undefined,
  };
}

/** The remainder kept by a previous import, if the entity has one. */
export function readRemainder(
  entity: Entity,
  annotation: string,
): JsonValue | undefined {
  const text = entity.metadata.annotations?.[annotation];
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/**
 * Finishes an import: compares the document with the re-export of the imported entity and
 * keeps what the re-export lacks in the annotation.
 */
export function keepRemainder<T extends Entity>(
  entity: T,
  original: JsonObject,
  reexported: JsonObject,
  annotation: string,
  unmapped: UnmappedField[],
): ContractImport<T> {
  const remainder = computeRemainder(
    original,
    reexported,
    annotation,
    unmapped,
  );
  if (remainder === undefined) {
    return { entity, unmapped };
  }
  return {
    entity: {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [annotation]: JSON.stringify(remainder),
        },
      },
    },
    unmapped,
  };
}

/**
 * An export with the fields kept from an earlier import (the remainder in
 * `annotation`) merged back, so a document that came in goes out whole.
 */
export function withRemainder(
  entity: Entity,
  exported: JsonObject,
  annotation: string,
): JsonObject {
  return mergeRemainder(
    exported,
    readRemainder(entity, annotation),
  ) as JsonObject;
}

/** Takes out an empty `annotations` object, as an entity written by hand has none. */
export function dropEmptyAnnotations(entity: Entity): void {
  if (Object.keys(entity.metadata.annotations ?? {}).length === 0) {
    delete entity.metadata.annotations;
  }
}

/** The owner: the document's team, else the default; an absent team is reported. */
export function importOwner(
  doc: JsonObject,
  defaultOwner: string | undefined,
  unmapped: UnmappedField[],
): string {
  const team = isJsonObject(doc.team) ? asString(doc.team.name) : undefined;
  const owner = team ?? defaultOwner ?? 'unknown';
  if (!team) {
    unmapped.push({
      path: 'team.name',
      message: `absent; owner set to ${owner}`,
    });
  }
  return owner;
}
