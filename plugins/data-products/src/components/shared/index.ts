export { OverviewField } from './OverviewField';
export type { OverviewFieldProps } from './OverviewField';
export { LifecycleChip } from './LifecycleChip';
export { OverviewCard } from './OverviewCard';
export type { OverviewCardProps } from './OverviewCard';
export { Breakable, TableFrame, oneLine } from './TableFrame';
