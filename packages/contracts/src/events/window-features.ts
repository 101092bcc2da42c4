import { z } from 'zod';

/** The eight window features every TransactionFeatures carries (contracts.md, "Window features"). */
export const REQUIRED_WINDOW_FEATURES = [
  'card_txn_count_10m',
  'card_amount_sum_10m',
  'card_amount_avg_10m',
  'card_amount_max_10m',
  'card_distinct_merchants_10m',
  'card_distinct_countries_10m',
  'card_max_distance_km_10m',
  'merchant_txn_count_10m',
] as const;

export type RequiredWindowFeature = (typeof REQUIRED_WINDOW_FEATURES)[number];

const count = z.int().nonnegative('expected a count, an integer >= 0');
const nonNegative = z.number().nonnegative('expected a number >= 0');

// Counts are integers; amounts, averages and distances are not. A late
// transaction is scored over state it did not join, so a count can be 0.
const requiredFeatures = {
  card_txn_count_10m: count,
  card_amount_sum_10m: nonNegative,
  card_amount_avg_10m: nonNegative,
  card_amount_max_10m: nonNegative,
  card_distinct_merchants_10m: count,
  card_distinct_countries_10m: count,
  card_max_distance_km_10m: nonNegative,
  merchant_txn_count_10m: count,
} satisfies Record<RequiredWindowFeature, z.ZodType>;

/** Feature name to finite number: the eight required features, and any others. */
export const FeatureVectorSchema = z
  .object(requiredFeatures)
  .catchall(z.number())
  .describe('Feature name to finite number; holds at least the eight required window features.');

export type FeatureVector = z.output<typeof FeatureVectorSchema>;
