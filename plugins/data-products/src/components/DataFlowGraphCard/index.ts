export { DataFlowGraphCard } from './DataFlowGraphCard';
