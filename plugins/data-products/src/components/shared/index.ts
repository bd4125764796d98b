export { OverviewField } from './OverviewField';
export type { OverviewFieldProps } from './OverviewField';
export { LifecycleChip } from './LifecycleChip';
export { OverviewCard } from './OverviewCard';
export type { OverviewCardProps } from './OverviewCard';
export { TableFrame, oneLine } from './TableFrame';
