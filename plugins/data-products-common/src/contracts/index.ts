export {
  ODCS_ANNOTATION,
  ODPS_ANNOTATION,
  DEFAULT_VERSION,
  CONTRACT_ID_ANNOTATION,
  CONTRACT_NAME_ANNOTATION,
  CONTRACT_TABLE_ANNOTATION,
  INPUT_CONTRACTS_ANNOTATION,
  PRODUCT_ID_ANNOTATION,
  type ContractImport,
} from './common';
export { ContractFormatError } from './errors';
export type { JsonObject, JsonValue, UnmappedField } from './remainder';
export {
  ODCS_API_VERSION,
  exportDatasetToOdcs,
  importOdcsContract,
  assertOdcsContract,
  type OdcsExportOptions,
  type OdcsImportOptions,
} from './odcs';
export {
  ODPS_API_VERSION,
  contractIdOf,
  exportDataProductToOdps,
  importOdpsProduct,
  assertOdpsProduct,
  type OdpsExportOptions,
  type OdpsImportOptions,
} from './odps';
export {
  diffCatalogs,
  diffDataset,
  versionVerdict,
  inputPortConsumers,
  type ChangeSeverity,
  type ContractChange,
  type ContractChangeSeverityEnum,
  type ContractDiff,
  type DatasetConsumer,
  type DatasetDiff,
  type DiffOptions,
} from './diff';
export { comparePhysicalTypes } from './diffColumns';
export {
  findPendingVersions,
  type PendingVersion,
  type PendingVersionsResponse,
} from './pending';
