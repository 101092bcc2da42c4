import { redisCall } from '@fraud/redis';
import type { TransactionFeatures } from '@fraud/contracts';
import type { ProcessedTransactions } from '@fraud/redis';
import type { EventPublisher, RecordBatch, StreamBatchHooks } from '@fraud/transport';

import type { InferenceMetrics } from '../scoring/inference-metrics.js';
import type { Scored } from '../scoring/scored.js';
import type { TransactionScorer } from '../scoring/transaction-scorer.js';
import { ScoreBatchState } from './score-batch-state.js';

/**
 * Around each batch of `transaction-features`: before, the transactions not
 * scored yet (each once, even when repeated in the batch) are scored
 * together, in endpoint calls shared with the other partitions' batches;
 * after, the batch's scores are published in one call and marked scored,
 * both before the transport commits. A crash between the two publishes
 * again (at least once); never loses a score.
 */
export class ScoreBatchHooks implements StreamBatchHooks<ScoreBatchState, TransactionFeatures> {
  constructor(
    private readonly scorer: TransactionScorer,
    private readonly processed: ProcessedTransactions,
    private readonly publisher: EventPublisher,
    private readonly metrics: InferenceMetrics,
  ) {}

  async before(batch: RecordBatch, events: readonly (TransactionFeatures | undefined)[]): Promise<ScoreBatchState> {
    const receivedAt = performance.now();
    // Records that fail the contract are dead-lettered by the transport and never scored.
    const firsts = new Map<string, { position: string; input: TransactionFeatures }>();
    let valid = 0;
    batch.records.forEach((record, index) => {
      const input = events[index];
      if (input === undefined) return;
      valid += 1;
      const id = `${input.cardToken}\u0000${input.transactionId}`;
      if (!firsts.has(id)) firsts.set(id, { position: record.position, input });
    });
    const candidates = [...firsts.values()];
    const inputs = candidates.map(({ input }) => input);
    // Scored while Redis says which were scored before: a redelivery is rare, a round trip on every batch's path is not.
    const [seen, scores] = await Promise.all([
      redisCall('reading scored transactions', () => this.processed.wereProcessed(inputs)),
      this.scorer.scoreAll(inputs),
    ]);
    const byPosition = new Map<string, Scored>();
    candidates.forEach(({ position }, index) => {
      const scored = scores[index];
      if (seen[index] !== true && scored !== undefined) byPosition.set(position, scored);
    });
    this.metrics.duplicates.inc(valid - byPosition.size);
    return new ScoreBatchState(byPosition, receivedAt);
  }

  async after(_batch: RecordBatch, state: ScoreBatchState): Promise<void> {
    await this.publisher.publish(
      'fraud-scores',
      state.outputs.map((score) => ({ key: score.cardToken, event: score })),
    );
    const seconds = (performance.now() - state.receivedAt) / 1000;
    state.outputs.forEach(() => {
      this.metrics.consumeToPublishSeconds.observe(seconds);
    });
    await redisCall('marking transactions scored', () => this.processed.markProcessed(state.outputs));
    for (const { source, decision } of state.outputs) this.metrics.scores.inc({ source, decision });
    for (const reason of state.fallbackReasons()) this.metrics.fallbacks.inc({ reason });
  }
}
