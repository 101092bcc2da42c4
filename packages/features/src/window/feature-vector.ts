import { REQUIRED_WINDOW_FEATURES, type FeatureVector, type Transaction } from '@fraud/contracts';

import type { CardStepResult, MerchantStepResult } from './step-results.js';
import { fraudRate } from './merchant-feedback.js';

/** Every feature the engine emits, in the order the model reads them. */
export const FEATURE_NAMES = [
  ...REQUIRED_WINDOW_FEATURES,
  'amount_to_card_avg_10m',
  'hour_of_day_utc',
  'card_not_present',
  'card_txn_count_7d',
  'card_amount_avg_7d',
  'card_txn_count_30d',
  'card_amount_avg_30d',
  'amount_to_card_avg_30d',
  'merchant_txn_count_1d_delay2d',
  'merchant_fraud_rate_1d_delay2d',
  'merchant_txn_count_7d_delay2d',
  'merchant_fraud_rate_7d_delay2d',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

function average(sum: number, count: number): number {
  return count === 0 ? 0 : sum / count;
}

/** How the amount compares with an average: 1 when there is none to compare with. */
function ratio(amount: number, average: number): number {
  return average === 0 ? 1 : amount / average;
}

/**
 * The feature vector of a transaction from its card's and merchant's steps.
 * Three are computed from the transaction alone or with the 10-minute
 * window: how its amount compares with the card's recent average, the time
 * of day, and the channel; the rest are the longer horizons
 * (docs/window-features.md).
 */
export function featureVector(
  transaction: Pick<Transaction, 'amountMinor' | 'timestamp' | 'channel'>,
  card: Pick<CardStepResult, 'aggregates' | 'history'>,
  merchant: Pick<MerchantStepResult, 'count' | 'feedback'>,
): FeatureVector & Record<FeatureName, number> {
  const { aggregates, history } = card;
  const { feedback } = merchant;
  const average10m = average(aggregates.amountSum, aggregates.count);
  const average30d = average(history.amountSum30d, history.count30d);
  const time = new Date(transaction.timestamp);
  return {
    card_txn_count_10m: aggregates.count,
    card_amount_sum_10m: aggregates.amountSum,
    card_amount_avg_10m: average10m,
    card_amount_max_10m: aggregates.amountMax,
    card_distinct_merchants_10m: aggregates.distinctMerchants,
    card_distinct_countries_10m: aggregates.distinctCountries,
    card_max_distance_km_10m: aggregates.maxDistanceKm,
    merchant_txn_count_10m: merchant.count,
    amount_to_card_avg_10m: ratio(transaction.amountMinor, average10m),
    hour_of_day_utc: time.getUTCHours() + time.getUTCMinutes() / 60,
    card_not_present: transaction.channel === 'card_not_present' ? 1 : 0,
    card_txn_count_7d: history.count7d,
    card_amount_avg_7d: average(history.amountSum7d, history.count7d),
    card_txn_count_30d: history.count30d,
    card_amount_avg_30d: average30d,
    amount_to_card_avg_30d: ratio(transaction.amountMinor, average30d),
    merchant_txn_count_1d_delay2d: feedback.count1d,
    merchant_fraud_rate_1d_delay2d: fraudRate(feedback.frauds1d, feedback.count1d),
    merchant_txn_count_7d_delay2d: feedback.count7d,
    merchant_fraud_rate_7d_delay2d: fraudRate(feedback.frauds7d, feedback.count7d),
  };
}
