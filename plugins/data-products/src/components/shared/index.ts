export { OverviewField } from './OverviewField';
export type { OverviewFieldProps } from './OverviewField';
export { LifecycleChip } from './LifecycleChip';
export { DescriptionAndOwnerFields } from './DescriptionAndOwnerFields';
export type { DescriptionAndOwnerFieldsProps } from './DescriptionAndOwnerFields';
