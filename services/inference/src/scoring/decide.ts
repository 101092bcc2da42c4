import type { Decision } from '@fraud/contracts';

import type { Thresholds } from '../model/model-manifest.js';

/** The decision for a score: flagged at a threshold when `score >= threshold` (model/README.md, "Thresholds"). */
export function decide(score: number, thresholds: Thresholds): Decision {
  if (score >= thresholds.block) return 'block';
  if (score >= thresholds.review) return 'review';
  return 'allow';
}
