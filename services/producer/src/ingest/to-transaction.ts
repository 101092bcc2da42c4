import type { IngestTransaction, Transaction } from '@fraud/contracts';

import type { CardReference } from '../card/card-tokenizer.js';

/** What the producer adds to what the client sent: an id and a time when absent. */
export interface IngestDefaults {
  newTransactionId: () => string;
  receivedAt: Date;
}

/**
 * The Transaction event for one ingested transaction: the card number
 * replaced by its token, BIN and last four; every other field the client's,
 * named one by one so nothing unexpected is carried along.
 */
export function toTransaction(input: IngestTransaction, card: CardReference, defaults: IngestDefaults): Transaction {
  return {
    schemaVersion: 1,
    transactionId: input.transactionId ?? defaults.newTransactionId(),
    ...card,
    merchantId: input.merchantId,
    ...(input.merchantCategoryCode === undefined ? {} : { merchantCategoryCode: input.merchantCategoryCode }),
    amountMinor: input.amountMinor,
    currency: input.currency,
    timestamp: input.timestamp ?? defaults.receivedAt.toISOString(),
    location: {
      lat: input.location.lat,
      lon: input.location.lon,
      country: input.location.country,
      ...(input.location.city === undefined ? {} : { city: input.location.city }),
    },
    channel: input.channel,
  };
}
