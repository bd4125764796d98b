/*
 * The plugin's stores, created first (each applies the plugin's migrations
 * unless the database says to skip them), so that every feature can be given
 * the stores it reads before any feature is built.
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { DatabaseAccessRequestStore } from './access/DatabaseAccessRequestStore';
import { DatabaseProvisioningStore } from './provisioning/DatabaseProvisioningStore';
import { DatabaseLineageStore } from './lineage/DatabaseLineageStore';
import { DatabaseRetirementStore } from './retirement/DatabaseRetirementStore';
import { DatabaseSloStore } from './slo/DatabaseSloStore';
import { DatabaseProductChangesStore } from './productChanges/DatabaseProductChangesStore';
import { DatabaseVersionNoticesStore } from './contracts/DatabaseVersionNoticesStore';
import type { AccessRequestStore } from './access/AccessRequestStore';
import type { ProvisioningStore } from './provisioning/ProvisioningStore';
import type { LineageStore } from './lineage/LineageStore';
import type { RetirementStore } from './retirement/RetirementStore';
import type { SloStore } from './slo/SloStore';
import type { ProductChangesStore } from './productChanges/ProductChangesStore';
import type { VersionNoticesStore } from './contracts/VersionNoticesStore';

/** Every store, by its interface: features depend on these, never on knex. */
export interface Stores {
  provisioning: ProvisioningStore;
  access: AccessRequestStore;
  retirement: RetirementStore;
  slo: SloStore;
  lineage: LineageStore;
  /** Reads the provisioning tables: what a product's last run changed. */
  productChanges: ProductChangesStore;
  versionNotices: VersionNoticesStore;
}

export async function createStores(database: DatabaseService): Promise<Stores> {
  // In this order: the access store turns on SQLite's write-ahead log.
  const provisioning = await DatabaseProvisioningStore.create({ database });
  const access = await DatabaseAccessRequestStore.create({ database });
  const retirement = await DatabaseRetirementStore.create({ database });
  const slo = await DatabaseSloStore.create({ database });
  const lineage = await DatabaseLineageStore.create({ database });
  // These two apply no migrations: the stores above have.
  const productChanges = await DatabaseProductChangesStore.create({ database });
  const versionNotices = await DatabaseVersionNoticesStore.create({ database });
  return {
    provisioning,
    access,
    retirement,
    slo,
    lineage,
    productChanges,
    versionNotices,
  };
}
