/*
 * The Lake Formation permissions a plan collects, merged per (environment,
 * principal, resource). A plan of a large mesh adds the same permission
 * hundreds of thousands of times (every role reading every dataset), so
 * resources are interned and looked up through nested maps of strings the
 * plan already holds: adding a permission already held allocates nothing.
 */
import type { AwsLfPermission, AwsLfResource } from '../model';

/** A resource and its key (`lfResourceKey`). */
export interface KeyedLfResource {
  key: string;
  resource: AwsLfResource;
}

export function lfResourceKey(resource: AwsLfResource): string {
  return resource.dataLocation
    ? `${resource.catalogId}:location:${resource.dataLocation}`
    : `${resource.catalogId}:${resource.database}${
        resource.table !== undefined ? `.${resource.table}` : ''
      }`;
}

function nested<V>(
  map: Map<string, Map<string, V>>,
  outer: string,
): Map<string, V> {
  let inner = map.get(outer);
  if (!inner) {
    inner = new Map();
    map.set(outer, inner);
  }
  return inner;
}

/** Interns resources: the same (catalog, database, table) is one object with one key. */
export class LfResources {
  private readonly databases = new Map<string, Map<string, KeyedLfResource>>();
  private readonly tables = new Map<
    string,
    Map<string, Map<string, KeyedLfResource>>
  >();
  private readonly locations = new Map<string, Map<string, KeyedLfResource>>();

  private static keyed(resource: AwsLfResource): KeyedLfResource {
    return { key: lfResourceKey(resource), resource };
  }

  database(catalogId: string, database: string): KeyedLfResource {
    const byName = nested(this.databases, catalogId);
    let keyed = byName.get(database);
    if (!keyed) {
      keyed = LfResources.keyed({ catalogId, database });
      byName.set(database, keyed);
    }
    return keyed;
  }

  /** A table, or `*` (every table of the database). */
  table(catalogId: string, database: string, table: string): KeyedLfResource {
    const byDatabase =
      this.tables.get(catalogId) ??
      this.tables.set(catalogId, new Map()).get(catalogId)!;
    const byName = nested(byDatabase, database);
    let keyed = byName.get(table);
    if (!keyed) {
      keyed = LfResources.keyed({ catalogId, database, table });
      byName.set(table, keyed);
    }
    return keyed;
  }

  location(catalogId: string, dataLocation: string): KeyedLfResource {
    const byArn = nested(this.locations, catalogId);
    let keyed = byArn.get(dataLocation);
    if (!keyed) {
      keyed = LfResources.keyed({ catalogId, dataLocation });
      byArn.set(dataLocation, keyed);
    }
    return keyed;
  }
}

/** Permissions merged per (environment, principal, resource). */
export class LfPermissionSet {
  private readonly byEnvironment = new Map<
    string,
    Map<string, Map<string, AwsLfPermission>>
  >();

  /**
   * Adds `actions` on `resource` for `principal` in `environment`. The first
   * grant of a resource names its dataset; `ALL` absorbs every other action.
   */
  add(
    environment: string,
    principal: string,
    { key, resource }: KeyedLfResource,
    actions: string[],
    dataProduct: string,
    dataset?: string,
  ): void {
    const byPrincipal =
      this.byEnvironment.get(environment) ??
      this.byEnvironment.set(environment, new Map()).get(environment)!;
    const byResource = nested(byPrincipal, principal);
    const existing = byResource.get(key);
    if (!existing) {
      byResource.set(key, {
        environment,
        principal,
        resource,
        permissions: [...actions].sort(),
        ...(dataset ? { dataset } : {}),
        dataProduct,
      });
      return;
    }
    const held = existing.permissions;
    if (held[0] === 'ALL' || actions.every(a => held.includes(a))) return;
    const union = [...new Set([...held, ...actions])];
    // ALL includes every other permission; Lake Formation lists it alone.
    existing.permissions = union.includes('ALL') ? ['ALL'] : union.sort();
  }

  /** The environment's permissions, by principal then resource key. */
  of(environment: string): AwsLfPermission[] {
    const byPrincipal = this.byEnvironment.get(environment);
    if (!byPrincipal) return [];
    const keyed: Array<{ key: string; permission: AwsLfPermission }> = [];
    for (const [principal, byResource] of byPrincipal) {
      for (const [key, permission] of byResource) {
        keyed.push({ key: `${principal}\n${key}`, permission });
      }
    }
    keyed.sort((a, b) => {
      if (a.key === b.key) return 0;
      return a.key < b.key ? -1 : 1;
    });
    return keyed.map(k => k.permission);
  }
}
