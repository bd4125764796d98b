export { ConsumersCard, ConsumersList } from './ConsumersCard';
export type { ConsumersCardProps } from './ConsumersCard';
export { describeConsumption, summarizeConsumers } from './presentation';
