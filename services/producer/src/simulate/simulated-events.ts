import type { Label, Transaction } from '@fraud/contracts';
import type { SimulatedTransaction } from '@fraud/simulator';

import type { CardTokenizer } from '../card/card-tokenizer.js';

/** One simulated purchase as the events the producer publishes: the card number tokenised away. */
export interface SimulatedEvents {
  transaction: Transaction;
  label: Label;
}

export function toSimulatedEvents(simulated: SimulatedTransaction, tokenizer: CardTokenizer): SimulatedEvents {
  const { transaction, pan, label } = simulated;
  const card = tokenizer.tokenize(pan);
  return {
    // Field order fixed here, so the same seed gives byte-identical records and files.
    transaction: {
      schemaVersion: 1,
      transactionId: transaction.transactionId,
      ...card,
      merchantId: transaction.merchantId,
      ...(transaction.merchantCategoryCode === undefined
        ? {}
        : { merchantCategoryCode: transaction.merchantCategoryCode }),
      amountMinor: transaction.amountMinor,
      currency: transaction.currency,
      timestamp: transaction.timestamp,
      location: transaction.location,
      channel: transaction.channel,
    },
    label: {
      schemaVersion: 1,
      transactionId: transaction.transactionId,
      cardToken: card.cardToken,
      isFraud: label.isFraud,
      scenario: label.scenario,
    },
  };
}
