import { REQUIRED_WINDOW_FEATURES, type FeatureVector, type Transaction } from '@fraud/contracts';

import type { CardAggregates } from './card-aggregates.js';

/** Every feature the engine emits, in the order the model reads them. */
export const FEATURE_NAMES = [
  ...REQUIRED_WINDOW_FEATURES,
  'amount_to_card_avg_10m',
  'hour_of_day_utc',
  'card_not_present',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/**
 * The feature vector of a transaction from its card and merchant windows.
 * The last three are computed from the transaction alone: how its amount
 * compares with the card's recent average, the time of day, and the channel.
 */
export function featureVector(
  transaction: Pick<Transaction, 'amountMinor' | 'timestamp' | 'channel'>,
  card: CardAggregates,
  merchantCount: number,
): FeatureVector & Record<FeatureName, number> {
  const average = card.count === 0 ? 0 : card.amountSum / card.count;
  const time = new Date(transaction.timestamp);
  return {
    card_txn_count_10m: card.count,
    card_amount_sum_10m: card.amountSum,
    card_amount_avg_10m: average,
    card_amount_max_10m: card.amountMax,
    card_distinct_merchants_10m: card.distinctMerchants,
    card_distinct_countries_10m: card.distinctCountries,
    card_max_distance_km_10m: card.maxDistanceKm,
    merchant_txn_count_10m: merchantCount,
    amount_to_card_avg_10m: average === 0 ? 1 : transaction.amountMinor / average,
    hour_of_day_utc: time.getUTCHours() + time.getUTCMinutes() / 60,
    card_not_present: transaction.channel === 'card_not_present' ? 1 : 0,
  };
}
