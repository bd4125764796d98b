/*
 * Retirement: the tab and the deprecation banner (legacy frontend system).
 */
import { createComponentExtension } from '@backstage/core-plugin-api';
import { dataProductsPlugin } from '../plugin';

/**
 * The Retirement tab of a DataProduct: usage and the consumers affected,
 * start / cancel / retire now, and the step checklist with live status.
 *
 * @public
 */
export const EntityRetirementContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityRetirementContent',
    component: {
      lazy: () =>
        import('../components/RetirementTab').then(
          m => m.EntityRetirementContent,
        ),
    },
  }),
);

/**
 * A deprecation banner for the pages of a retiring or retired DataProduct
 * and of its Datasets; renders nothing otherwise.
 *
 * @public
 */
export const EntityRetirementBanner = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityRetirementBanner',
    component: {
      lazy: () =>
        import('../components/RetirementTab').then(
          m => m.EntityRetirementBanner,
        ),
    },
  }),
);
