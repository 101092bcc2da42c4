import type { FraudScore, TransactionFeatures } from '@fraud/contracts';
import { ProcessedTransactions } from '@fraud/idempotency';
import { redisCall } from '@fraud/redis';
import { EventPublisher, StreamBatch, type ConsumedBatch } from '@fraud/transport';
import { Injectable } from '@nestjs/common';

import { InferenceMetrics } from '../scoring/inference-metrics.js';
import type { Scored } from '../scoring/scored.js';
import { TransactionScorer } from '../scoring/transaction-scorer.js';

/**
 * `transaction-features` in, one FraudScore per transaction not scored
 * before out to `fraud-scores`. A batch, in order:
 *
 * 1. its transactions, each once even when repeated, scored together (in
 *    endpoint calls shared with the other partitions' batches) while Redis
 *    says which were scored before;
 * 2. the new scores published in one call;
 * 3. their transactions marked scored; then the transport commits.
 *
 * A crash between 2 and 3 publishes again (at least once); never loses a score.
 */
@Injectable()
export class ScoringConsumer {
  constructor(
    private readonly scorer: TransactionScorer,
    private readonly processed: ProcessedTransactions,
    private readonly publisher: EventPublisher,
    private readonly metrics: InferenceMetrics,
  ) {}

  @StreamBatch('transaction-features')
  async scoreTransactions(batch: ConsumedBatch<TransactionFeatures>): Promise<void> {
    const receivedAt = performance.now();
    const inputs = firstOfEach(batch.records.map(({ event }) => event));
    // Scored while Redis says which were scored before: a redelivery is rare, a round trip on every batch's path is not.
    const [seen, scores] = await Promise.all([
      redisCall('reading scored transactions', () => this.processed.wereProcessed(inputs)),
      this.scorer.scoreAll(inputs),
    ]);
    const fresh = inputs.flatMap((input, index) => {
      const scored = scores[index];
      return seen[index] === true || scored === undefined ? [] : [{ input, scored }];
    });
    this.metrics.duplicates.inc(batch.records.length - fresh.length);
    const outputs = fresh.map(({ input, scored }) => fraudScore(input, scored));

    await this.publisher.publish('fraud-scores', outputs);
    const seconds = (performance.now() - receivedAt) / 1000;
    outputs.forEach(() => {
      this.metrics.consumeToPublishSeconds.observe(seconds);
    });

    await redisCall('marking transactions scored', () => this.processed.markProcessed(outputs));
    for (const { scored } of fresh) {
      this.metrics.scores.inc({ source: scored.source, decision: scored.decision });
      if (scored.fallback !== undefined) this.metrics.fallbacks.inc({ reason: scored.fallback });
    }
  }
}

/** Each transaction once, as it first appears: a batch may hold a redelivery of one. */
function firstOfEach(inputs: readonly TransactionFeatures[]): TransactionFeatures[] {
  const firsts = new Map<string, TransactionFeatures>();
  for (const input of inputs) {
    const id = `${input.cardToken}\u0000${input.transactionId}`;
    if (!firsts.has(id)) firsts.set(id, input);
  }
  return [...firsts.values()];
}

/** The score with the transaction and its features carried through, for alerting's reasons and the archive. */
function fraudScore(input: TransactionFeatures, scored: Scored): FraudScore {
  return {
    schemaVersion: 1,
    transactionId: input.transactionId,
    cardToken: input.cardToken,
    timestamp: input.timestamp,
    score: scored.score,
    decision: scored.decision,
    source: scored.source,
    modelVersion: scored.modelVersion,
    transaction: input.transaction,
    features: input.features,
  };
}
