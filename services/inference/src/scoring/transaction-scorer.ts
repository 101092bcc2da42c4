import type { TransactionFeatures } from '@fraud/contracts';
import { decide, type ModelManifest } from '@fraud/model-manifest';

import { MicroBatcher } from '../batching/micro-batcher.js';
import type { EndpointAnswer } from '../endpoint/resilient-endpoint.js';
import { RULES_VERSION, scoreByRules } from '../rules/fallback-rules.js';
import { featureRow } from './feature-row.js';
import type { FallbackReason } from './inference-metrics.js';
import type { Scored } from './scored.js';

/** Where rows are scored by the model: the endpoint behind its resilience policies. */
export interface ModelScores {
  score(rows: readonly (readonly number[])[]): Promise<EndpointAnswer>;
}

interface PendingRow {
  readonly input: TransactionFeatures;
  readonly values: readonly number[];
}

export interface BatchingOptions {
  maxRows: number;
  maxWaitMs: number;
}

/**
 * Scores transactions: each row in the manifest's feature order joins the
 * rows of other batches being consumed (other partitions' too) in one
 * endpoint call, and the manifest's thresholds decide. Rows the model could
 * not score (the call failed after its retries, the breaker is open, or the
 * row lacks a feature the model reads) are scored by the rules instead, so
 * every transaction gets a score and none waits on the endpoint for long.
 */
export class TransactionScorer {
  private readonly batcher: MicroBatcher<PendingRow, Scored>;

  constructor(
    private readonly manifest: ModelManifest,
    private readonly model: ModelScores,
    batching: BatchingOptions,
  ) {
    this.batcher = new MicroBatcher({ ...batching, run: (rows) => this.scoreRows(rows) });
  }

  /** One score per input, in order. */
  async scoreAll(inputs: readonly TransactionFeatures[]): Promise<Scored[]> {
    const results = new Array<Scored>(inputs.length);
    const pending: { index: number; row: PendingRow }[] = [];
    inputs.forEach((input, index) => {
      const row = featureRow(input.features, this.manifest.featureNames);
      if (row.ok) pending.push({ index, row: { input, values: row.values } });
      else results[index] = this.byRules(input, 'missing_features');
    });
    const scored = await this.batcher.submit(pending.map(({ row }) => row));
    pending.forEach(({ index }, position) => {
      const result = scored[position];
      if (result !== undefined) results[index] = result;
    });
    return results;
  }

  private async scoreRows(rows: readonly PendingRow[]): Promise<Scored[]> {
    const answer = await this.model.score(rows.map((row) => row.values));
    if (!answer.ok) return rows.map((row) => this.byRules(row.input, answer.reason));
    const { thresholds, modelVersion } = this.manifest;
    return answer.scores.map((score) => ({
      score,
      decision: decide(score, thresholds),
      source: 'model',
      modelVersion,
    }));
  }

  private byRules(input: TransactionFeatures, reason: FallbackReason): Scored {
    const verdict = scoreByRules({
      features: input.features,
      amountMinor: input.transaction.amountMinor,
      late: input.late,
    });
    return {
      score: verdict.score,
      decision: verdict.decision,
      source: 'rules',
      modelVersion: RULES_VERSION,
      fallback: reason,
    };
  }
}
