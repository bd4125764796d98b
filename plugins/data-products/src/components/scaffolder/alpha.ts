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
