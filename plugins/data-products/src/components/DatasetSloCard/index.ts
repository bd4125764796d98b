export { DatasetSloCard } from './DatasetSloCard';
export type { DatasetSloCardProps } from './DatasetSloCard';
