/* The field extensions for the new frontend system. */
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: DataProductNameField` in the new frontend system. */
export const dataProductNameFormFieldExtension = FormFieldBlueprint.make({
  name: 'data-product-name',
  params: {
    field: () => import('./formFields').then(m => m.dataProductNameFormField),
  },
});

/** `ui:field: DataProductEnvironmentsPicker` in the new frontend system. */
export const dataProductEnvironmentsFormFieldExtension =
  FormFieldBlueprint.make({
    name: 'data-product-environments',
    params: {
      field: () =>
        import('./formFields').then(m => m.dataProductEnvironmentsFormField),
    },
  });

/** `ui:field: DataProductOwnerPicker` in the new frontend system. */
export const dataProductOwnerFormFieldExtension = FormFieldBlueprint.make({
  name: 'data-product-owner',
  params: {
    field: () => import('./formFields').then(m => m.dataProductOwnerFormField),
  },
});

/** `ui:field: DataProductSchemaField` (the schema step) in the new frontend system. */
export const dataProductSchemaFormFieldExtension = FormFieldBlueprint.make({
  name: 'data-product-schema',
  params: {
    field: () => import('./formFields').then(m => m.dataProductSchemaFormField),
  },
});

/** `ui:field: DataProductEntityTitle` (titles for the review page) in the new frontend system. */
export const dataProductEntityTitleFormFieldExtension = FormFieldBlueprint.make(
  {
    name: 'data-product-entity-title',
    params: {
      field: () =>
        import('./formFields').then(m => m.dataProductEntityTitleFormField),
    },
  },
);

/** `ui:field: DataProductPicker` (products the user may change) in the new frontend system. */
export const dataProductPickerFormFieldExtension = FormFieldBlueprint.make({
  name: 'data-product-picker',
  params: {
    field: () => import('./formFields').then(m => m.dataProductPickerFormField),
  },
});

/** `ui:field: DataProductSchemaSummary` (the columns on the review page) in the new frontend system. */
export const dataProductSchemaSummaryFormFieldExtension =
  FormFieldBlueprint.make({
    name: 'data-product-schema-summary',
    params: {
      field: () =>
        import('./formFields').then(m => m.dataProductSchemaSummaryFormField),
    },
  });
