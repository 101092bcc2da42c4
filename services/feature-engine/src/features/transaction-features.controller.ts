import { redisCall } from '@fraud/redis';
import type { Transaction, TransactionFeatures } from '@fraud/contracts';
import { featureVector, RedisWindowStore, toWindowEvent } from '@fraud/features';
import { StreamEvent, StreamRecordContext } from '@fraud/transport';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import type { TransactionBatchState } from './batch-state.js';
import { FeatureMetrics } from './feature-metrics.js';

/**
 * One transaction in, one feature vector out: the card's and the merchant's
 * window steps (one atomic Redis call each), then the vector joins its
 * batch's outputs, published before the batch is committed.
 */
@Controller()
export class TransactionFeaturesController {
  constructor(
    private readonly store: RedisWindowStore,
    private readonly metrics: FeatureMetrics,
  ) {}

  @StreamEvent('transactions')
  async onTransaction(@Payload() transaction: Transaction, @Ctx() context: StreamRecordContext): Promise<void> {
    const batch = context.getBatchState<TransactionBatchState>();
    const watermark = batch.watermarkBefore(context.getPosition());
    const event = toWindowEvent(transaction);
    const [card, merchant] = await redisCall('window step', () =>
      Promise.all([
        this.store.cardStep(transaction.cardToken, event, watermark),
        this.store.merchantStep(transaction.merchantId, event, watermark, context.getPartition()),
      ]),
    );
    const output: TransactionFeatures = {
      schemaVersion: 1,
      transactionId: transaction.transactionId,
      cardToken: transaction.cardToken,
      timestamp: transaction.timestamp,
      transaction,
      features: featureVector(transaction, card, merchant),
      late: card.late,
      computedAt: new Date().toISOString(),
    };
    batch.outputs.push(output);
    this.metrics.computed.inc();
    if (card.late) this.metrics.late.inc();
    if (card.duplicate) this.metrics.duplicates.inc();
  }
}
