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
