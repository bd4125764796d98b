/*
 * A test backend for the access-requests routes: the plugin's test backend
 * (../../__testUtils__/testBackend.ts) with these users, groups and entities.
 */
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { FakeProvisioner } from '../../testing/FakeProvisioner';
import { dataProduct, dataset } from '../../testing/entities';
import { startDataProductsTestBackend } from '../../__testUtils__/testBackend';

export const BASE = '/api/data-products/access/requests';

export const ALICE = 'user:default/alice'; // team-sales: owns the consumer churn
export const GUEST = 'user:default/guest'; // team-sales too
export const BOB = 'user:default/bob'; // team-finance: owns the orders datasets
export const CAROL = 'user:default/carol'; // team-marketing: unrelated
export const DANA = 'user:default/dana'; // data-platform: a Meshport admin
/** Ten more team-finance members, for races between deciders. */
export const FINANCE = Array.from(
  { length: 10 },
  (_, i) => `user:default/finance-${i}`,
);

export const SALES = 'group:default/team-sales';
export const FINANCE_GROUP = 'group:default/team-finance';

const GROUPS: Record<string, string[]> = {
  [ALICE]: [SALES],
  [GUEST]: [SALES],
  [BOB]: [FINANCE_GROUP],
  [CAROL]: ['group:default/team-marketing'],
  [DANA]: ['group:default/data-platform'],
  ...Object.fromEntries(FINANCE.map(user => [user, [FINANCE_GROUP]])),
};

export function ownershipOf(user: string): string[] {
  return [user, ...(GROUPS[user] ?? [])];
}

export const CHURN = 'dataproduct:default/churn';
export const ORDERS_DAILY = 'dataset:default/orders-daily';

/** Datasets of `orders` (team-finance) for tests that need a fresh pair each. */
export const SPARE_DATASETS = Array.from(
  { length: 40 },
  (_, i) => `spare-${i}`,
);

export function sampleEntities(): Entity[] {
  const finance = { owner: 'team-finance' };
  return [
    dataProduct('churn', { owner: 'team-sales', environments: ['dev', 'prd'] }),
    dataProduct('orders', finance),
    dataProduct('crm', { owner: 'team-sales' }),
    dataset('orders-daily', 'orders', finance),
    dataset('orders-open', 'orders', { ...finance, access: 'unrestricted' }),
    dataset('orders-raw', 'orders', { ...finance, access: 'private' }),
    dataset('orders-legacy', 'orders', { ...finance, lifecycle: 'deprecated' }),
    dataset('orders-race', 'orders', finance),
    dataset('leads', 'crm', { owner: 'team-sales' }),
    ...SPARE_DATASETS.map(name => dataset(name, 'orders', finance)),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'website', namespace: 'default' },
      spec: { type: 'service', owner: 'team-web', lifecycle: 'production' },
    },
  ];
}

export { authHeader } from '../../__testUtils__/testBackend';
export type { RecordedAudit } from '../../__testUtils__/testBackend';

export async function startAccessBackend(options: {
  knex: Knex;
  config?: JsonObject;
  entities?: Entity[];
  provisioner?: FakeProvisioner;
  /** Permission names the policy denies to everyone but admins (a stricter portal). */
  deny?: string[];
}) {
  const provisioner = options.provisioner ?? new FakeProvisioner();
  const backend = await startDataProductsTestBackend({
    knex: options.knex,
    entities: options.entities ?? sampleEntities(),
    ownershipOf,
    provisioner,
    config: options.config,
    deny: options.deny,
  });
  return { ...backend, knex: options.knex, provisioner };
}
