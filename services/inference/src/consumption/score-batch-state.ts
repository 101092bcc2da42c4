import type { FraudScore } from '@fraud/contracts';

import type { FallbackReason } from '../scoring/inference-metrics.js';
import type { Scored } from '../scoring/scored.js';

/** What one batch of `transaction-features` carries from its `before` hook, through its records, to its `after` hook. */
export class ScoreBatchState {
  /** The batch's fraud scores, each card's in partition order. */
  readonly outputs: FraudScore[] = [];

  constructor(
    /** The score of each record to publish, by position; a record without one was scored before. */
    private readonly scored: ReadonlyMap<string, Scored>,
    /** When the batch reached the service (`performance.now()`). */
    readonly receivedAt: number,
  ) {}

  scoreAt(position: string): Scored | undefined {
    return this.scored.get(position);
  }

  /** Why each score of the batch the rules gave was not the model's. */
  fallbackReasons(): FallbackReason[] {
    return [...this.scored.values()].flatMap((scored) => (scored.fallback === undefined ? [] : [scored.fallback]));
  }
}
