import type { FraudScore } from '@fraud/contracts';
import type { ModelThresholds } from '@fraud/model-manifest';

// When a window feature is unusual enough to be named as a reason. Values a
// genuine card rarely reaches in 10 minutes; the score decides, these explain.
/** Transactions of the card in its 10-minute window. */
export const VELOCITY_MIN_TRANSACTIONS = 4;
/** Countries of the card in its 10-minute window. */
export const MIN_COUNTRIES = 2;
/** Implied speed from the farthest transaction of the window: faster than any airliner. */
export const TRAVEL_MIN_KMH = 1_000;
/** This transaction's amount over the card's 10-minute average (itself included). */
export const AMOUNT_MIN_RATIO = 3;

/** This transaction's amount over the card's 30-day average, once the card has this much history. */
export const AMOUNT_MIN_RATIO_30D = 3;
export const HISTORY_MIN_TRANSACTIONS_30D = 5;
/** The merchant's confirmed fraud rate over a week (to two days ago), once it had this many transactions. */
export const MERCHANT_MIN_FRAUD_RATE = 0.05;
export const MERCHANT_MIN_TRANSACTIONS_7D = 10;

const WINDOW_HOURS = 10 / 60;

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** A score or threshold with three significant digits: 0.31, 0.0578. */
function scoreText(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function plural(count: number, noun: string): string {
  return `${whole.format(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** Why the score was flagged, in the words of its decision and source. */
function scoreReason(score: FraudScore, thresholds: ModelThresholds): string {
  if (score.source === 'rules')
    return `scored by fallback rules (${score.decision} at score ${scoreText(score.score)})`;
  if (score.modelVersion !== thresholds.modelVersion || score.decision === 'allow') {
    return `model ${score.modelVersion} decided ${score.decision} at score ${scoreText(score.score)}`;
  }
  const threshold = score.decision === 'block' ? thresholds.block : thresholds.review;
  return `score ${scoreText(score.score)} at or above the ${score.decision} threshold ${scoreText(threshold)}`;
}

/** The features that stand out, in plain words. */
function featureReasons(score: FraudScore): string[] {
  const f = score.features;
  const reasons: string[] = [];
  const count = f.card_txn_count_10m;
  if (count >= VELOCITY_MIN_TRANSACTIONS) {
    reasons.push(
      `${plural(count, 'transaction')} in 10 minutes at ${plural(f.card_distinct_merchants_10m, 'merchant')}`,
    );
  }
  if (f.card_distinct_countries_10m >= MIN_COUNTRIES) {
    reasons.push(`transactions in ${whole.format(f.card_distinct_countries_10m)} countries within 10 minutes`);
  }
  // The farthest transaction of the window is less than 10 minutes away, so
  // the speed it implies is at least the distance over 10 minutes.
  const distance = f.card_max_distance_km_10m;
  const minKmh = distance / WINDOW_HOURS;
  if (minKmh >= TRAVEL_MIN_KMH) {
    reasons.push(
      `travel at ${whole.format(minKmh)} km/h or more: ${whole.format(distance)} km from a transaction of the last 10 minutes`,
    );
  }
  const average = f.card_amount_avg_10m;
  const ratio = f.amount_to_card_avg_10m ?? (average > 0 ? score.transaction.amountMinor / average : undefined);
  if (count >= 2 && ratio !== undefined && ratio >= AMOUNT_MIN_RATIO) {
    reasons.push(`amount ${oneDecimal.format(ratio)}× the card's 10-minute average`);
  }
  // The longer horizons: absent from a feature engine older than them.
  const ratio30d = f.amount_to_card_avg_30d ?? 0;
  if ((f.card_txn_count_30d ?? 0) >= HISTORY_MIN_TRANSACTIONS_30D && ratio30d >= AMOUNT_MIN_RATIO_30D) {
    reasons.push(`amount ${oneDecimal.format(ratio30d)}× the card's 30-day average`);
  }
  const merchantCount = f.merchant_txn_count_7d_delay2d ?? 0;
  const fraudRate = f.merchant_fraud_rate_7d_delay2d ?? 0;
  if (merchantCount >= MERCHANT_MIN_TRANSACTIONS_7D && fraudRate >= MERCHANT_MIN_FRAUD_RATE) {
    reasons.push(
      `merchant with ${percent.format(fraudRate)} confirmed fraud among ${plural(merchantCount, 'transaction')} of the week to 2 days ago`,
    );
  }
  return reasons;
}

/** The reasons an alert gives for a flagged score: its decision first, then what stands out in its features. */
export function alertReasons(score: FraudScore, thresholds: ModelThresholds): string[] {
  return [scoreReason(score, thresholds), ...featureReasons(score)];
}
