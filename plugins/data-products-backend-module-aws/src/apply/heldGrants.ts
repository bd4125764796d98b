/*
 * Which grants Lake Formation holds: a grant is shown granted only once
 * every Lake Formation permission planned for it is held. Grants whose data
 * lives in IAM-mode environments only are held once applied (their IAM
 * policies are operations of the run).
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { Grant } from '@meshport/plugin-data-products-node';
import type { AwsProvisionerConfig } from '../config';
import type { AwsDesiredState } from '../model';
import { normalizeRef } from '../plan/names';
import { AwsClientCache, AwsClientsFactory } from './clients';
import { readLakeFormation } from './lakeFormation';
import { AwsLfPermissionHeld, grantsHeld } from './lakeFormationDiff';
import { lakeFormationApi } from './lakeFormationClient';

/**
 * Pure: the ids of `grants` not held. `held` maps each lake-formation
 * environment to what its Lake Formation holds, or undefined when it could
 * not be read (then nothing planned there counts as held).
 */
export function grantIdsNotHeld(
  grants: Grant[],
  desired: AwsDesiredState,
  held: Record<string, AwsLfPermissionHeld[] | undefined>,
): string[] {
  // `<consumer>\n<dataset>\n<consumer's environment>` still missing somewhere.
  const missing = new Set<string>();
  for (const planned of desired.lakeFormation ?? []) {
    const { environment } = planned;
    const roles = desired.roles.filter(role =>
      role.grantedDatasets.some(g => g.environment === environment),
    );
    const have = new Set(
      grantsHeld(roles, planned.permissions, held[environment] ?? []).map(
        h => `${h.role}\n${h.dataset}`,
      ),
    );
    for (const role of roles) {
      for (const g of role.grantedDatasets) {
        if (g.environment !== environment) continue;
        if (!have.has(`${role.name}\n${g.dataset}`)) {
          missing.add(`${role.dataProduct}\n${g.dataset}\n${role.environment}`);
        }
      }
    }
  }
  return grants
    .filter(grant => {
      const consumer = normalizeRef(grant.consumer, 'dataproduct');
      const dataset = normalizeRef(grant.dataset, 'dataset');
      return grant.environments.some(environment =>
        missing.has(`${consumer}\n${dataset}\n${environment}`),
      );
    })
    .map(grant => grant.id);
}

/** Reads Lake Formation in every lake-formation environment (its own credentials) and says which grants it lacks. */
export async function readGrantIdsNotHeld(
  grants: Grant[],
  desired: AwsDesiredState,
  options: {
    config: AwsProvisionerConfig;
    environments: MeshportEnvironment[];
    clients?: AwsClientsFactory;
  },
): Promise<string[]> {
  if (!desired.lakeFormation?.length) return [];
  const cache = new AwsClientCache(options.config, options.clients);
  const held: Record<string, AwsLfPermissionHeld[] | undefined> = {};
  try {
    for (const planned of desired.lakeFormation) {
      const environment = options.environments.find(
        e => e.name === planned.environment,
      );
      if (!environment) continue;
      try {
        const clients = await cache.verified(environment);
        held[planned.environment] = (
          await readLakeFormation(
            lakeFormationApi(clients.lakeformation),
            planned,
            options.config.rolePath,
          )
        ).permissions;
      } catch {
        // Unread (wrong account, Lake Formation down): nothing held there.
        held[planned.environment] = undefined;
      }
    }
  } finally {
    cache.destroy();
  }
  return grantIdsNotHeld(grants, desired, held);
}
