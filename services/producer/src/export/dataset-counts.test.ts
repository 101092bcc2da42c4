import type { Label } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { DatasetTally } from './dataset-counts.js';

function label(scenario: string): Label {
  return { schemaVersion: 1, transactionId: 't', cardToken: 'ab'.repeat(32), isFraud: scenario !== 'legit', scenario };
}

describe('dataset tally', () => {
  it('counts transactions, frauds and each scenario, listing every scenario in name order', () => {
    const tally = new DatasetTally();
    for (const scenario of ['legit', 'card_testing', 'legit', 'card_testing', 'impossible_travel', 'legit']) {
      tally.add(label(scenario));
    }
    const counts = tally.counts();
    expect(counts).toEqual({
      transactions: 6,
      frauds: 3,
      byScenario: {
        account_takeover: 0,
        amount_outlier: 0,
        card_testing: 2,
        compromised_merchant: 0,
        impossible_travel: 1,
        legit: 3,
      },
    });
    expect(Object.keys(counts.byScenario)).toEqual([
      'account_takeover',
      'amount_outlier',
      'card_testing',
      'compromised_merchant',
      'impossible_travel',
      'legit',
    ]);
  });

  it('reports zeros for an empty dataset', () => {
    expect(new DatasetTally().counts()).toEqual({
      transactions: 0,
      frauds: 0,
      byScenario: {
        account_takeover: 0,
        amount_outlier: 0,
        card_testing: 0,
        compromised_merchant: 0,
        impossible_travel: 0,
        legit: 0,
      },
    });
  });
});
