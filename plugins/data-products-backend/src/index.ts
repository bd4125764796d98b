/**
 * The data-products backend plugin: provisioning runs over the data mesh (a
 * reconciler on the scheduler, in plan or apply mode), their history and the
 * REST routes the portal and the CLI use.
 *
 * @packageDocumentation
 */
export { dataProductsPlugin as default } from './plugin';
export type { ProvisioningTrigger } from './provisioning/Reconciler';
export type { GrantsSource } from './provisioning/GrantsSource';
export { StaticGrantsSource } from './provisioning/GrantsSource';
