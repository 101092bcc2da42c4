import { redisCall } from '@fraud/redis';
import type { Transaction } from '@fraud/contracts';
import { RedisWindowStore, watermarksBefore } from '@fraud/features';
import { EventPublisher, type RecordBatch, type StreamBatchHooks } from '@fraud/transport';
import { Injectable } from '@nestjs/common';

import { TransactionBatchState } from './batch-state.js';

/**
 * Around each batch of `transactions` (docs/window-features.md):
 * before, the partition's watermark before each record, as a running
 * maximum from the persisted one, whatever order the records are then
 * handled in; after, the batch's feature vectors published in one call, the
 * watermark persisted, and the TTLs of the touched state started, all
 * before the transport commits the batch.
 */
@Injectable()
export class TransactionBatchHooks implements StreamBatchHooks<TransactionBatchState, Transaction> {
  constructor(
    private readonly store: RedisWindowStore,
    private readonly publisher: EventPublisher,
  ) {}

  async before(batch: RecordBatch, events: readonly (Transaction | undefined)[]): Promise<TransactionBatchState> {
    const start = await redisCall('reading the watermark', () => this.store.watermark(batch.stream, batch.partition));
    // Records that fail the contract are dead-lettered, never seen: they do not move the watermark.
    const valid = batch.records.flatMap((record, index) => {
      const transaction = events[index];
      return transaction === undefined ? [] : [{ position: record.position, transaction }];
    });
    const { before, end } = watermarksBefore(
      start,
      valid.map(({ transaction }) => Date.parse(transaction.timestamp)),
    );
    return new TransactionBatchState(
      new Map(valid.map(({ position }, index) => [position, before[index]])),
      end,
      valid.map(({ transaction }) => transaction),
    );
  }

  async after(batch: RecordBatch, state: TransactionBatchState): Promise<void> {
    await this.publisher.publish(
      'transaction-features',
      state.outputs.map((features) => ({ key: features.cardToken, event: features })),
    );
    const end = state.endWatermark;
    // Independent of each other, so in one round trip.
    await Promise.all([
      end === undefined
        ? undefined
        : redisCall('persisting the watermark', () => this.store.advanceWatermark(batch.stream, batch.partition, end)),
      redisCall('starting state TTLs', () => this.store.release(batch.partition, state.touched)),
    ]);
  }
}
