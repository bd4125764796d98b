/*
 * Contracts: a Dataset's ODCS tab and a DataProduct's ODPS card (legacy frontend system).
 */
import { createComponentExtension } from '@backstage/core-plugin-api';
import { dataProductsPlugin } from '../plugin';

/**
 * The Contract tab of a Dataset: its ODCS v3.1 data contract (schema, quality, SLA properties,
 * roles, terms of use) with "Download ODCS".
 *
 * @public
 */
export const EntityContractContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityContractContent',
    component: {
      lazy: () =>
        import('../components/ContractTab').then(m => m.EntityContractContent),
    },
  }),
);

/**
 * A DataProduct's ODPS v1.0 descriptor, its ports linked to the datasets' contracts, with
 * "Download ODPS".
 *
 * @public
 */
export const EntityDataProductContractCard = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDataProductContractCard',
    component: {
      lazy: () =>
        import('../components/DataProductContractCard').then(
          m => m.DataProductContractCard,
        ),
    },
  }),
);
