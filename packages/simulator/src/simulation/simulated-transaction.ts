import type { Transaction } from '@fraud/contracts';

import type { Scenario } from '../scenarios/scenario-names.js';

/** A Transaction as the simulator makes it: the producer derives the card fields from `pan`. */
export type SimulatedTransactionFields = Omit<Transaction, 'cardToken' | 'cardBin' | 'cardLast4'>;

export interface SimulatedLabel {
  readonly isFraud: boolean;
  readonly scenario: Scenario;
}

/** One simulated purchase: the event without card fields, the card number, and the ground truth. */
export interface SimulatedTransaction {
  readonly transaction: SimulatedTransactionFields;
  readonly pan: string;
  readonly label: SimulatedLabel;
}
