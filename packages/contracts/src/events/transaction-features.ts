import { z } from 'zod';

import { cardToken, isoTimestamp, schemaVersion, transactionId } from '../fields.js';
import type { KnownFields } from '../known-fields.js';
import { requireSameTransaction } from './same-transaction.js';
import { TransactionSchema } from './transaction.js';
import { FeatureVectorSchema } from './window-features.js';

/** A transaction with its window features: the payload of `transaction-features`. */
export const TransactionFeaturesSchema = z
  .looseObject({
    schemaVersion,
    transactionId,
    cardToken,
    timestamp: isoTimestamp.describe("The transaction's event time."),
    transaction: TransactionSchema,
    features: FeatureVectorSchema,
    late: z
      .boolean()
      .describe('True when the transaction arrived later than the allowed lateness and changed no state.'),
    computedAt: isoTimestamp.describe('When the feature engine computed the features.'),
  })
  .superRefine(requireSameTransaction)
  .meta({
    title: 'TransactionFeatures',
    description: 'A transaction with its window features (stream `transaction-features`).',
  });

export type TransactionFeatures = KnownFields<z.output<typeof TransactionFeaturesSchema>>;
