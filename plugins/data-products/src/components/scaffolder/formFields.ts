/* The field extensions for the new frontend system (loaded by alpha.tsx). */
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  DataProductEnvironmentsPicker,
  dataProductEnvironmentsValidation,
} from './DataProductEnvironmentsPicker';
import {
  DataProductNameField,
  dataProductNameValidation,
} from './DataProductNameField';
import {
  DataProductSchemaField,
  DataProductSchemaSummaryField,
  dataProductSchemaValidation,
} from './DataProductSchemaField';
import { EntityTitleField } from './EntityTitleField';
import {
  DataProductPicker,
  dataProductPickerValidation,
} from './DataProductPicker';
import {
  DataProductOwnerPicker,
  dataProductOwnerValidation,
} from './DataProductOwnerPicker';

export const dataProductNameFormField = createFormField({
  name: 'DataProductNameField',
  component: DataProductNameField as any,
  validation: dataProductNameValidation as any,
});

export const dataProductOwnerFormField = createFormField({
  name: 'DataProductOwnerPicker',
  component: DataProductOwnerPicker as any,
  validation: dataProductOwnerValidation as any,
});

export const dataProductEnvironmentsFormField = createFormField({
  name: 'DataProductEnvironmentsPicker',
  component: DataProductEnvironmentsPicker as any,
  validation: dataProductEnvironmentsValidation as any,
});

export const dataProductSchemaFormField = createFormField({
  name: 'DataProductSchemaField',
  component: DataProductSchemaField as any,
  validation: dataProductSchemaValidation as any,
});

export const dataProductEntityTitleFormField = createFormField({
  name: 'DataProductEntityTitle',
  component: EntityTitleField as any,
});

export const dataProductPickerFormField = createFormField({
  name: 'DataProductPicker',
  component: DataProductPicker as any,
  validation: dataProductPickerValidation as any,
});

export const dataProductSchemaSummaryFormField = createFormField({
  name: 'DataProductSchemaSummary',
  component: DataProductSchemaSummaryField as any,
});
