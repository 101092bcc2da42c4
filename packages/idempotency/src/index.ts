export {
  ProcessedTransactions,
  type ProcessedKey,
  type ProcessedTransactionsOptions,
} from './processed-transactions.js';
