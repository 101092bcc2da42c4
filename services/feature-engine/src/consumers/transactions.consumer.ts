import { SETTINGS } from '@fraud/config';
import type { Transaction, TransactionFeatures } from '@fraud/contracts';
import { featureVector, RedisWindowStore, toWindowEvent, watermarksBefore } from '@fraud/features';
import { redisCall } from '@fraud/redis';
import { EventPublisher, StreamBatch, type ConsumedBatch, type ConsumedRecord } from '@fraud/transport';
import { Inject, Injectable } from '@nestjs/common';

import { FeatureMetrics } from '../features/feature-metrics.js';
import type { FeatureEngineSettings } from '../settings/feature-engine-settings.js';

/**
 * `transactions` in, one feature vector per transaction out to
 * `transaction-features` (docs/window-features.md). A batch, in order:
 *
 * 1. the partition's watermark before each transaction: a running maximum
 *    from the persisted one, in partition order, whatever order the
 *    transactions are then stepped in (the persisted one bounds what card
 *    state may forget: a redelivery starts from it);
 * 2. each transaction's card and merchant window steps (one atomic Redis
 *    call each), each card's transactions in order, cards concurrently;
 * 3. the vectors published in one call;
 * 4. the watermark persisted and the touched state's TTLs started; then the
 *    transport commits the batch.
 *
 * A crash anywhere repeats the batch: the steps know the transactions they
 * have counted, and give a repeated one its first features.
 */
@Injectable()
export class TransactionWindowsConsumer {
  constructor(
    private readonly store: RedisWindowStore,
    private readonly publisher: EventPublisher,
    private readonly metrics: FeatureMetrics,
    @Inject(SETTINGS) private readonly settings: FeatureEngineSettings,
  ) {}

  @StreamBatch('transactions')
  async computeFeatures(batch: ConsumedBatch<Transaction>): Promise<void> {
    const start = await redisCall('reading the watermark', () => this.store.watermark(batch.stream, batch.partition));
    const watermarks = watermarksBefore(
      start,
      batch.records.map(({ event }) => Date.parse(event.timestamp)),
    );

    const vectors = await batch.mapRecords(
      (record, index) => this.featuresOf(record, watermarks.before[index], start),
      {
        maxInFlight: this.settings.FEATURE_MAX_IN_FLIGHT,
      },
    );

    await this.publisher.publish('transaction-features', vectors);

    const end = watermarks.end;
    // Independent of each other, so in one round trip.
    await Promise.all([
      end === undefined
        ? undefined
        : redisCall('persisting the watermark', () => this.store.advanceWatermark(batch.stream, batch.partition, end)),
      redisCall('starting state TTLs', () =>
        this.store.release(
          batch.partition,
          batch.records.map(({ event }) => event),
        ),
      ),
    ]);
  }

  private async featuresOf(
    { event: transaction, partition, position }: ConsumedRecord<Transaction>,
    watermark: number | undefined,
    durableWatermark: number | undefined,
  ): Promise<TransactionFeatures> {
    // With its position, a redelivered late transaction gets its first features.
    const event = { ...toWindowEvent(transaction), position };
    const [card, merchant] = await redisCall('window step', () =>
      Promise.all([
        this.store.cardStep(transaction.cardToken, event, watermark, durableWatermark),
        this.store.merchantStep(transaction.merchantId, event, watermark, partition),
      ]),
    );
    this.metrics.computed.inc();
    if (card.late) this.metrics.late.inc();
    if (card.duplicate) this.metrics.duplicates.inc();
    return {
      schemaVersion: 1,
      transactionId: transaction.transactionId,
      cardToken: transaction.cardToken,
      timestamp: transaction.timestamp,
      transaction,
      features: featureVector(transaction, card, merchant),
      late: card.late,
      computedAt: new Date().toISOString(),
    };
  }
}
