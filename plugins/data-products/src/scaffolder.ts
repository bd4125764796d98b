/*
 * The scaffolder field extensions of the "Create a data product" and "Add a
 * dataset" templates (legacy frontend system). Register them in the app
 * under `<ScaffolderFieldExtensions>` of the `/create` route.
 */
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  DataProductEnvironmentsPicker,
  dataProductEnvironmentsValidation,
  DataProductOwnerPicker,
  dataProductOwnerValidation,
  DataProductNameField,
  dataProductNameValidation,
  DataProductSchemaField,
  DataProductSchemaSummaryField,
  dataProductSchemaValidation,
  EntityTitleField,
  DataProductPicker,
  dataProductPickerValidation,
} from './components/scaffolder';
import { dataProductsPlugin } from './plugin';

/**
 * `ui:field: DataProductNameField`: a name for a new DataProduct or Dataset
 * (`ui:options.kind`), checked as you type (format, and unused in the
 * catalog).
 *
 * @public
 */
export const DataProductNameFieldExtension = dataProductsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DataProductNameField',
    component: DataProductNameField,
    validation: dataProductNameValidation,
  }),
);

/**
 * `ui:field: DataProductEnvironmentsPicker`: the environments of
 * `meshport.environments` a new product gets its roles in.
 *
 * @public
 */
export const DataProductEnvironmentsFieldExtension = dataProductsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DataProductEnvironmentsPicker',
    component: DataProductEnvironmentsPicker,
    validation: dataProductEnvironmentsValidation,
  }),
);

/**
 * `ui:field: DataProductOwnerPicker`: the owner of a new product, one of the
 * user's own groups (a Meshport admin: any group). The server checks it too.
 *
 * @public
 */
export const DataProductOwnerFieldExtension = dataProductsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DataProductOwnerPicker',
    component: DataProductOwnerPicker,
    validation: dataProductOwnerValidation,
  }),
);

/**
 * `ui:field: DataProductSchemaField`: the schema step of a new Dataset, its columns (name, type,
 * description, classification, required, primary key; at least one), checked with the rules the
 * server and `meshport validate` use.
 *
 * @public
 */
export const DataProductSchemaFieldExtension = dataProductsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DataProductSchemaField',
    component: DataProductSchemaField,
    validation: dataProductSchemaValidation,
  }),
);

/**
 * `ui:field: DataProductEntityTitle` (with `ui:widget: hidden`): the title of the entity another
 * field picked (`ui:options.refField`), for the review page.
 *
 * @public
 */
export const DataProductEntityTitleFieldExtension = dataProductsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DataProductEntityTitle',
    component: EntityTitleField,
  }),
);

/**
 * `ui:field: DataProductPicker`: an existing data product the user may change (the server's
 * permission decision) and that was published to a repository on the portal host.
 *
 * @public
 */
export const DataProductPickerFieldExtension = dataProductsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DataProductPicker',
    component: DataProductPicker,
    validation: dataProductPickerValidation,
  }),
);

/**
 * `ui:field: DataProductSchemaSummary` (with `ui:widget: hidden`): the schema step's columns in one
 * line, for the review page.
 *
 * @public
 */
export const DataProductSchemaSummaryFieldExtension =
  dataProductsPlugin.provide(
    createScaffolderFieldExtension({
      name: 'DataProductSchemaSummary',
      component: DataProductSchemaSummaryField,
    }),
  );
