import type { Decision, ScoreSource } from '@fraud/contracts';

import type { FallbackReason } from './inference-metrics.js';

/** A transaction's score, before it becomes a FraudScore. */
export interface Scored {
  readonly score: number;
  readonly decision: Decision;
  readonly source: ScoreSource;
  readonly modelVersion: string;
  /** Why the rules gave it, when they did. */
  readonly fallback?: FallbackReason;
}
