import type { Decision, FraudScore } from '@fraud/contracts';
import { decide, type ModelThresholds } from '@fraud/model-manifest';

/**
 * The decision the manifest's thresholds give a score, when they apply to
 * it: a model score of the manifest's model version. Undefined for rule
 * scores and other model versions, whose scale these thresholds do not fit.
 */
export function thresholdDecision(score: FraudScore, thresholds: ModelThresholds): Decision | undefined {
  if (score.source !== 'model' || score.modelVersion !== thresholds.modelVersion) return undefined;
  return decide(score.score, thresholds);
}
