import type { Transaction } from '@fraud/contracts';

/** What the feature engine reads of a FraudConfirmation: which transaction, of which merchant, on which day. */
export type ConfirmedFraud = Pick<Transaction, 'transactionId' | 'merchantId' | 'timestamp'>;
