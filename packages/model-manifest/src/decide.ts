import type { Thresholds } from './thresholds.js';

/**
 * The decision for a score: flagged at a threshold when `score >= threshold`
 * (model/README.md, "Thresholds"), the block threshold first.
 */
export function decide(score: number, thresholds: Thresholds): 'allow' | 'review' | 'block' {
  if (score >= thresholds.block) return 'block';
  if (score >= thresholds.review) return 'review';
  return 'allow';
}
