export {
  DataProductNameField,
  dataProductNameValidation,
  NAME_CHECK_DELAY_MS,
} from './DataProductNameField';
export type { DataProductNameFieldOptions } from './DataProductNameField';
export {
  DataProductEnvironmentsPicker,
  dataProductEnvironmentsValidation,
} from './DataProductEnvironmentsPicker';
export { describeNameProblem } from './names';
export {
  DataProductSchemaField,
  DataProductSchemaSummaryField,
  dataProductSchemaValidation,
  summarizeColumns,
} from './DataProductSchemaField';
export { EntityTitleField, entityTitle } from './EntityTitleField';
export {
  DataProductPicker,
  dataProductPickerValidation,
} from './DataProductPicker';
export {
  DataProductOwnerPicker,
  dataProductOwnerValidation,
} from './DataProductOwnerPicker';
