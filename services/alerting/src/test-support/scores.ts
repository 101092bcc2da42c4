import { createHash } from 'node:crypto';

import { exampleFraudScore, type Decision, type FeatureVector, type FraudScore } from '@fraud/contracts';
import type { ModelThresholds } from '@fraud/model-manifest';

/** Thresholds of a model named like the example score's. */
export const THRESHOLDS: ModelThresholds = { modelVersion: exampleFraudScore.modelVersion, review: 0.06, block: 0.25 };

/** A card token (64 hex) for a short name. */
export function cardToken(name: string): string {
  return createHash('sha256').update(`alerting-test-card-${name}`).digest('hex');
}

/** Quiet window features: one transaction, nothing unusual. */
export const QUIET_FEATURES: FeatureVector = {
  card_txn_count_10m: 1,
  card_amount_sum_10m: 4599,
  card_amount_avg_10m: 4599,
  card_amount_max_10m: 4599,
  card_distinct_merchants_10m: 1,
  card_distinct_countries_10m: 1,
  card_max_distance_km_10m: 0,
  merchant_txn_count_10m: 3,
  amount_to_card_avg_10m: 1,
};

export interface ScoreSpec {
  card: string;
  id: string;
  decision: Decision;
  score?: number;
  source?: FraudScore['source'];
  modelVersion?: string;
  features?: Partial<FeatureVector>;
}

const DEFAULT_SCORES: Record<Decision, number> = { allow: 0.01, review: 0.1, block: 0.9 };

/** A FraudScore of the example's transaction on another card and id. */
export function scoreOf(spec: ScoreSpec): FraudScore {
  const token = cardToken(spec.card);
  return {
    ...exampleFraudScore,
    transactionId: spec.id,
    cardToken: token,
    score: spec.score ?? DEFAULT_SCORES[spec.decision],
    decision: spec.decision,
    source: spec.source ?? 'model',
    modelVersion: spec.modelVersion ?? exampleFraudScore.modelVersion,
    transaction: { ...exampleFraudScore.transaction, transactionId: spec.id, cardToken: token },
    features: { ...QUIET_FEATURES, ...spec.features } as FeatureVector,
  };
}
