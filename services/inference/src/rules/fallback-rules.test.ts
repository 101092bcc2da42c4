import { exampleTransactionFeatures, type FeatureVector } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { RULES_VERSION, scoreByRules } from './fallback-rules.js';

/** One card's window: `count` transactions summing to `sum`, `merchants` distinct merchants, `km` apart at most. */
function window(overrides: Partial<FeatureVector>): FeatureVector {
  return {
    ...exampleTransactionFeatures.features,
    card_txn_count_10m: 1,
    card_amount_sum_10m: 2_000,
    card_amount_avg_10m: 2_000,
    card_amount_max_10m: 2_000,
    card_distinct_merchants_10m: 1,
    card_distinct_countries_10m: 1,
    card_max_distance_km_10m: 0,
    ...overrides,
  };
}

describe('scoreByRules', () => {
  it('allows a first, ordinary transaction with score 0 and no rule fired', () => {
    expect(scoreByRules({ features: window({}), amountMinor: 2_000, late: false })).toEqual({
      score: 0,
      decision: 'allow',
      hits: [],
    });
  });

  it('reviews a card testing burst at 3 distinct merchants in 10 minutes and blocks at 6', () => {
    const at = (merchants: number) =>
      scoreByRules({
        features: window({ card_txn_count_10m: merchants, card_distinct_merchants_10m: merchants }),
        amountMinor: 100,
        late: false,
      });

    expect([2, 3, 5, 6, 12].map((merchants) => [at(merchants).score, at(merchants).decision])).toEqual([
      [0, 'allow'],
      [0.5, 'review'],
      [0.7, 'review'],
      [0.8, 'block'],
      [1, 'block'],
    ]);
    expect(at(3).hits).toEqual([
      { rule: 'card_testing_burst', score: 0.5, reason: '3 distinct merchants in 10 minutes' },
    ]);
  });

  it('blocks travel faster than an airliner and reviews travel faster than a car, from the 10-minute distance', () => {
    const at = (km: number) =>
      scoreByRules({
        features: window({ card_txn_count_10m: 2, card_amount_sum_10m: 4_000, card_max_distance_km_10m: km }),
        amountMinor: 2_000,
        late: false,
      });

    expect([49, 50, 149, 150, 1_500].map((km) => at(km).decision)).toEqual([
      'allow',
      'review',
      'review',
      'block',
      'block',
    ]);
    expect(at(1_500).hits).toEqual([
      { rule: 'impossible_travel', score: 0.9, reason: '1500 km within 10 minutes (at least 9000 km/h)' },
    ]);
  });

  it('compares an amount with the average of the card’s other transactions in the window', () => {
    // Two earlier transactions of 1,000 each; this one 4,000 and 10,000 times... their average.
    const outlier = (amountMinor: number, late = false) =>
      scoreByRules({
        features: window({
          card_txn_count_10m: late ? 2 : 3,
          card_amount_sum_10m: 2_000 + (late ? 0 : amountMinor),
        }),
        amountMinor,
        late,
      });

    expect([3_999, 4_000, 10_000].map((amount) => outlier(amount).decision)).toEqual(['allow', 'review', 'block']);
    expect(outlier(4_000).hits).toEqual([
      { rule: 'amount_outlier', score: 0.5, reason: "amount 4.0 times the card's other transactions in 10 minutes" },
    ]);
    // A late transaction is not in its window: all of the window are "others".
    expect(outlier(10_000, true).decision).toBe('block');
  });

  it('takes the highest score of the rules that fired', () => {
    const verdict = scoreByRules({
      features: window({
        card_txn_count_10m: 4,
        card_amount_sum_10m: 4_400,
        card_distinct_merchants_10m: 4,
        card_max_distance_km_10m: 600,
      }),
      amountMinor: 1_100,
      late: false,
    });

    expect(verdict.hits.map((hit) => [hit.rule, hit.score])).toEqual([
      ['card_testing_burst', 0.6],
      ['impossible_travel', 0.9],
    ]);
    expect({ score: verdict.score, decision: verdict.decision }).toEqual({ score: 0.9, decision: 'block' });
  });

  it('is versioned apart from the model', () => {
    expect(RULES_VERSION).toBe('rules-v1');
  });
});
