import { describe, expect, it } from 'vitest';

import { scoreOf, THRESHOLDS } from '../test-support/scores.js';
import { alertReasons } from './alert-reasons.js';

describe('alertReasons', () => {
  it('names the decision and its threshold for a score of the manifest’s model, and nothing else when the features are quiet', () => {
    expect(alertReasons(scoreOf({ card: 'a', id: 't1', decision: 'block', score: 0.912 }), THRESHOLDS)).toEqual([
      'score 0.912 at or above the block threshold 0.25',
    ]);
    expect(alertReasons(scoreOf({ card: 'a', id: 't1', decision: 'review', score: 0.0734 }), THRESHOLDS)).toEqual([
      'score 0.0734 at or above the review threshold 0.06',
    ]);
  });

  it('words card testing: velocity across merchants, and an amount far above the card’s average', () => {
    const score = scoreOf({
      card: 'a',
      id: 't1',
      decision: 'block',
      score: 0.97,
      features: {
        card_txn_count_10m: 12,
        card_distinct_merchants_10m: 11,
        card_amount_avg_10m: 1_000,
        amount_to_card_avg_10m: 8.43,
      },
    });
    expect(alertReasons(score, THRESHOLDS)).toEqual([
      'score 0.97 at or above the block threshold 0.25',
      '12 transactions in 10 minutes at 11 merchants',
      "amount 8.4× the card's 10-minute average",
    ]);
  });

  it('words impossible travel as the least speed the farthest transaction of the window implies, and the countries', () => {
    const score = scoreOf({
      card: 'a',
      id: 't1',
      decision: 'block',
      features: { card_txn_count_10m: 2, card_distinct_countries_10m: 2, card_max_distance_km_10m: 1_450.4 },
    });
    expect(alertReasons(score, THRESHOLDS).slice(1)).toEqual([
      'transactions in 2 countries within 10 minutes',
      'travel at 8,702 km/h or more: 1,450 km from a transaction of the last 10 minutes',
    ]);
  });

  it('leaves out features below their thresholds: 3 transactions, 160 km, an amount 2.9× the average', () => {
    const score = scoreOf({
      card: 'a',
      id: 't1',
      decision: 'review',
      features: { card_txn_count_10m: 3, card_max_distance_km_10m: 160, amount_to_card_avg_10m: 2.9 },
    });
    expect(alertReasons(score, THRESHOLDS)).toHaveLength(1);
  });

  it('computes the amount ratio from the average when the score lacks amount_to_card_avg_10m', () => {
    const features = { card_txn_count_10m: 2, card_amount_avg_10m: 1_000 };
    const score = scoreOf({ card: 'a', id: 't1', decision: 'block', features });
    delete score.features.amount_to_card_avg_10m;
    // The example transaction's amount is 4599.
    expect(alertReasons(score, THRESHOLDS).slice(1)).toEqual(["amount 4.6× the card's 10-minute average"]);
  });

  it('says a score came from the fallback rules, or from a model other than the manifest’s, without the thresholds', () => {
    expect(
      alertReasons(scoreOf({ card: 'a', id: 't', decision: 'block', source: 'rules', score: 0.9 }), THRESHOLDS),
    ).toEqual(['scored by fallback rules (block at score 0.9)']);
    expect(
      alertReasons(
        scoreOf({ card: 'a', id: 't', decision: 'review', modelVersion: 'xgb-next', score: 0.5 }),
        THRESHOLDS,
      ),
    ).toEqual(['model xgb-next decided review at score 0.5']);
  });

  it('words the longer horizons: an amount far above the card’s 30-day average, and a merchant with confirmed frauds', () => {
    const score = scoreOf({
      card: 'a',
      id: 't1',
      decision: 'review',
      score: 0.31,
      features: {
        card_txn_count_30d: 24,
        amount_to_card_avg_30d: 5.04,
        merchant_txn_count_7d_delay2d: 212,
        merchant_fraud_rate_7d_delay2d: 0.1226,
      },
    });
    expect(alertReasons(score, THRESHOLDS).slice(1)).toEqual([
      "amount 5.0× the card's 30-day average",
      'merchant with 12% confirmed fraud among 212 transactions of the week to 2 days ago',
    ]);
  });

  it('leaves the longer horizons out below their thresholds or without enough history', () => {
    const quiet = (features: Record<string, number>) =>
      alertReasons(scoreOf({ card: 'a', id: 't1', decision: 'review', features }), THRESHOLDS).slice(1);
    expect(quiet({ card_txn_count_30d: 4, amount_to_card_avg_30d: 9 })).toEqual([]);
    expect(quiet({ card_txn_count_30d: 30, amount_to_card_avg_30d: 2.9 })).toEqual([]);
    expect(quiet({ merchant_txn_count_7d_delay2d: 9, merchant_fraud_rate_7d_delay2d: 0.5 })).toEqual([]);
    expect(quiet({ merchant_txn_count_7d_delay2d: 500, merchant_fraud_rate_7d_delay2d: 0.049 })).toEqual([]);
  });
});
