import type { Transaction, TransactionFeatures } from '@fraud/contracts';
import { featureVector, OnlineWindows } from '@fraud/features';
import { redisCall } from '@fraud/redis';
import { EventPublisher, StreamBatch, type ConsumedBatch } from '@fraud/transport';
import { Injectable } from '@nestjs/common';

import { FeatureMetrics } from '../features/feature-metrics.js';

/**
 * `transactions` in, one feature vector per transaction out to
 * `transaction-features` (docs/window-features.md). A batch, in order:
 *
 * 1. its window steps: each record's watermark from the persisted one, in
 *    partition order; its cards stepped in memory and each written once,
 *    fenced by version; each merchant's transactions in one Redis call;
 * 2. the vectors published in one call;
 * 3. the watermark persisted and the touched state's TTLs started; then the
 *    transport commits the batch.
 *
 * A crash anywhere repeats the batch: the state knows the transactions it
 * has counted, and gives a repeated one its first features.
 */
@Injectable()
export class TransactionWindowsConsumer {
  constructor(
    private readonly windows: OnlineWindows,
    private readonly publisher: EventPublisher,
    private readonly metrics: FeatureMetrics,
  ) {}

  @StreamBatch('transactions')
  async computeFeatures(batch: ConsumedBatch<Transaction>): Promise<void> {
    const records = batch.records.map(({ event, position }) => ({ transaction: event, position }));
    const stepped = await redisCall('window steps', () => this.windows.step(batch.stream, batch.partition, records));

    const vectors = records.map(({ transaction }, index): TransactionFeatures => {
      const step = stepped.steps[index];
      if (step === undefined) throw new RangeError(`no window step for record ${index}`);
      this.metrics.computed.inc();
      if (step.card.late) this.metrics.late.inc();
      if (step.card.duplicate) this.metrics.duplicates.inc();
      return {
        schemaVersion: 1,
        transactionId: transaction.transactionId,
        cardToken: transaction.cardToken,
        timestamp: transaction.timestamp,
        transaction,
        features: featureVector(transaction, step.card, step.merchant),
        late: step.card.late,
        computedAt: new Date().toISOString(),
      };
    });
    await this.publisher.publish('transaction-features', vectors);

    await redisCall('settling the batch', () => this.windows.settle(batch.stream, batch.partition, records, stepped));
  }
}
