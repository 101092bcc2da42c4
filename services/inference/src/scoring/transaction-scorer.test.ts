import { exampleTransactionFeatures, type TransactionFeatures } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import type { EndpointAnswer } from '../endpoint/resilient-endpoint.js';
import { TransactionScorer, type ModelScores } from './transaction-scorer.js';

const MANIFEST = {
  modelVersion: 'xgb-test',
  featureNames: ['card_distinct_merchants_10m', 'card_txn_count_10m'],
  thresholds: { review: 0.1, block: 0.5 },
};

function input(id: string, merchants: number): TransactionFeatures {
  return {
    ...exampleTransactionFeatures,
    transactionId: id,
    transaction: { ...exampleTransactionFeatures.transaction, transactionId: id },
    features: { ...exampleTransactionFeatures.features, card_distinct_merchants_10m: merchants },
  };
}

/** A model scoring each row as its first column / 10, or answering `failure` for every call. */
function model(failure?: EndpointAnswer) {
  const calls: number[][][] = [];
  const scores: ModelScores = {
    score: (rows) => {
      calls.push(rows.map((row) => [...row]));
      return Promise.resolve(failure ?? { ok: true, scores: rows.map((row) => (row[0] ?? 0) / 10) });
    },
  };
  return { scores, calls };
}

describe('TransactionScorer', () => {
  it('scores rows in the manifest’s feature order, deciding on the manifest’s thresholds', async () => {
    const { scores, calls } = model();
    const scorer = new TransactionScorer(MANIFEST, scores, { maxRows: 10, maxWaitMs: 0 });

    const results = await scorer.scoreAll([input('a', 0), input('b', 2), input('c', 6)]);

    expect(calls).toEqual([
      [
        [0, 2],
        [2, 2],
        [6, 2],
      ],
    ]);
    expect(results).toEqual([
      { score: 0, decision: 'allow', source: 'model', modelVersion: 'xgb-test' },
      { score: 0.2, decision: 'review', source: 'model', modelVersion: 'xgb-test' },
      { score: 0.6, decision: 'block', source: 'model', modelVersion: 'xgb-test' },
    ]);
  });

  it('scores by the rules every row of a call that gave no scores, with the reason', async () => {
    const { scores } = model({ ok: false, reason: 'circuit_open', error: new Error('open') });
    const scorer = new TransactionScorer(MANIFEST, scores, { maxRows: 10, maxWaitMs: 0 });

    const results = await scorer.scoreAll([input('a', 1), input('b', 6)]);

    expect(results).toEqual([
      { score: 0, decision: 'allow', source: 'rules', modelVersion: 'rules-v1', fallback: 'circuit_open' },
      { score: 0.8, decision: 'block', source: 'rules', modelVersion: 'rules-v1', fallback: 'circuit_open' },
    ]);
  });

  it('scores by the rules a row lacking a feature the model reads, and the others by the model', async () => {
    const { scores, calls } = model();
    const scorer = new TransactionScorer(
      { ...MANIFEST, featureNames: [...MANIFEST.featureNames, 'card_txn_count_24h'] },
      scores,
      { maxRows: 10, maxWaitMs: 0 },
    );
    const lacking = input('b', 3);
    const { card_txn_count_24h: _, ...withoutLongWindow } = lacking.features;

    const results = await scorer.scoreAll([input('a', 2), { ...lacking, features: withoutLongWindow }]);

    expect(calls).toEqual([[[2, 2, 5]]]);
    expect(results.map((result) => [result.source, result.score, result.fallback])).toEqual([
      ['model', 0.2, undefined],
      ['rules', 0.5, 'missing_features'],
    ]);
  });
});
