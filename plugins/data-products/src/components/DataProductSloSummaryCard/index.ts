export { DataProductSloSummaryCard } from './DataProductSloSummaryCard';
export type { DataProductSloSummaryCardProps } from './DataProductSloSummaryCard';
