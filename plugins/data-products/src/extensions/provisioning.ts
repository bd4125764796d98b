/*
 * The Provisioning tab of a DataProduct (legacy frontend system).
 */
import { createComponentExtension } from '@backstage/core-plugin-api';
import { dataProductsPlugin } from '../plugin';

/**
 * The Provisioning tab of a DataProduct: the cloud resources Meshport plans
 * for it per environment, pending changes, and the reconcile runs.
 *
 * @public
 */
export const EntityProvisioningContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityProvisioningContent',
    component: {
      lazy: () =>
        import('../components/ProvisioningTab').then(
          m => m.EntityProvisioningContent,
        ),
    },
  }),
);
