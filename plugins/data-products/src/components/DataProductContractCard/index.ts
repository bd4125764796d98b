export { DataProductContractCard } from './DataProductContractCard';
