import { z } from 'zod';

import {
  amountMinor,
  cardBin,
  cardLast4,
  cardToken,
  channel,
  currency,
  isoTimestamp,
  merchantCategoryCode,
  merchantId,
  schemaVersion,
  transactionId,
} from '../fields.js';
import type { KnownFields } from '../known-fields.js';
import { LocationSchema } from './location.js';

/** One card transaction, tokenised: the payload of the `transactions` stream. */
export const TransactionSchema = z
  .looseObject({
    schemaVersion,
    transactionId,
    cardToken,
    cardBin: cardBin.optional(),
    cardLast4: cardLast4.optional(),
    merchantId,
    merchantCategoryCode: merchantCategoryCode.optional(),
    amountMinor,
    currency,
    timestamp: isoTimestamp.describe('Event time at the point of sale, ISO 8601 UTC with milliseconds.'),
    location: LocationSchema,
    channel,
  })
  .meta({ title: 'Transaction', description: 'One card transaction, tokenised (stream `transactions`).' });

export type Transaction = KnownFields<z.output<typeof TransactionSchema>>;
export type Location = Transaction['location'];
