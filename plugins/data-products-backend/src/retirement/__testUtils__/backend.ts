/*
 * A test backend for the retirement routes: the plugin's test backend
 * (../../__testUtils__/testBackend.ts) with a fake provisioner that archives and an
 * in-memory catalog whose locations can be told apart.
 */
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { dataProduct, dataset } from '../../testing/entities';
import { startDataProductsTestBackend } from '../../__testUtils__/testBackend';
import { ArchivingFakeProvisioner } from './fakes';

export const ALICE = 'user:default/alice'; // team-sales: owns crm and churn
export const GUEST = 'user:default/guest'; // team-sales too
export const CAROL = 'user:default/carol'; // team-marketing: owns nothing here
export const DANA = 'user:default/dana'; // data-platform: a Meshport admin

const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-sales'],
  [GUEST]: ['group:default/team-sales'],
  [CAROL]: ['group:default/team-marketing'],
  [DANA]: ['group:default/data-platform'],
};

export const CRM = 'dataproduct:default/crm';
export const LEADS = 'dataset:default/leads';
export const CHURN = 'dataproduct:default/churn';

export { authHeader } from '../../__testUtils__/testBackend';

export function sampleEntities(): Entity[] {
  return [
    dataProduct('crm', { owner: 'team-sales', lifecycle: 'production' }),
    dataset('leads', 'crm', { owner: 'team-sales' }),
    dataProduct('churn', { owner: 'team-sales' }),
    dataProduct('orders', { owner: 'team-finance' }),
    dataset('orders-daily', 'orders', { owner: 'team-finance' }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'website', namespace: 'default' },
      spec: { type: 'service', owner: 'team-web', lifecycle: 'production' },
    },
  ];
}

export async function startRetirementBackend(options: {
  knex: Knex;
  config?: JsonObject;
}) {
  const entities = sampleEntities().map((entity, i) => ({
    ...entity,
    metadata: {
      ...entity.metadata,
      uid: `uid-${i}`,
      annotations: {
        'backstage.io/managed-by-origin-location': 'file:/portal/all.yaml',
      },
    },
  }));
  // An in-memory catalog; its entities come from a config location (not
  // removable), like the portal's sample data.
  const catalog = catalogServiceMock({ entities });
  catalog.getLocationByEntity = jest.fn(async (_ref: unknown) => undefined);
  const provisioner = new ArchivingFakeProvisioner();
  const backend = await startDataProductsTestBackend({
    knex: options.knex,
    entities,
    ownershipOf: user => [user, ...(GROUPS[user] ?? [])],
    provisioner,
    config: options.config,
    catalog,
    auditDetails: false,
  });
  return { ...backend, catalog, provisioner };
}
