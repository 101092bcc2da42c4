import type { CardAggregates } from './card-aggregates.js';

/** One transaction's step on its card's window. */
export interface CardStepResult {
  /** Its transactionId was already in the card's state. */
  readonly duplicate: boolean;
  readonly late: boolean;
  readonly aggregates: CardAggregates;
}

/** One transaction's step on its merchant's window. */
export interface MerchantStepResult {
  readonly duplicate: boolean;
  readonly late: boolean;
  readonly count: number;
}
