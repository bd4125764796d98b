export { OverviewField } from './OverviewField';
export type { OverviewFieldProps } from './OverviewField';
export { LifecycleChip } from './LifecycleChip';
