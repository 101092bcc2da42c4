import type { CardAggregates } from './card-aggregates.js';
import type { CardHistory } from './card-history.js';
import type { MerchantFeedback } from './merchant-feedback.js';

/** One transaction's step on its card's window. */
export interface CardStepResult {
  /** Its transactionId was already in the card's state. */
  readonly duplicate: boolean;
  readonly late: boolean;
  readonly aggregates: CardAggregates;
  readonly history: CardHistory;
}

/** One transaction's step on its merchant's window. */
export interface MerchantStepResult {
  readonly duplicate: boolean;
  readonly late: boolean;
  readonly count: number;
  readonly feedback: MerchantFeedback;
}
