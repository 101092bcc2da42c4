import { z } from 'zod';

import { cardToken, isoTimestamp, schemaVersion, score, transactionId } from '../fields.js';
import type { KnownFields } from '../known-fields.js';
import { requireSameTransaction } from './same-transaction.js';
import { TransactionSchema } from './transaction.js';
import { FeatureVectorSchema } from './window-features.js';

export const DECISIONS = ['allow', 'review', 'block'] as const;
export type Decision = (typeof DECISIONS)[number];

/** `rules` is the fallback used while the model endpoint is unavailable. */
export const SCORE_SOURCES = ['model', 'rules'] as const;
export type ScoreSource = (typeof SCORE_SOURCES)[number];

/** A scored transaction: the payload of `fraud-scores`. */
export const FraudScoreSchema = z
  .looseObject({
    schemaVersion,
    transactionId,
    cardToken,
    timestamp: isoTimestamp.describe("The transaction's event time."),
    score: score.describe('Fraud probability in [0, 1].'),
    decision: z.enum(DECISIONS),
    source: z.enum(SCORE_SOURCES).describe('`rules` when the model endpoint was unavailable.'),
    modelVersion: z.string().min(1, 'expected 1 to 128 characters').max(128, 'expected 1 to 128 characters'),
    transaction: TransactionSchema,
    features: FeatureVectorSchema,
  })
  .superRefine(requireSameTransaction)
  .meta({ title: 'FraudScore', description: 'A scored transaction (stream `fraud-scores`).' });

export type FraudScore = KnownFields<z.output<typeof FraudScoreSchema>>;
