import type { FraudConfirmation } from '@fraud/contracts';
import { RedisWindowStore } from '@fraud/features';
import { redisCall } from '@fraud/redis';
import { StreamBatch, type ConsumedBatch } from '@fraud/transport';
import { Injectable } from '@nestjs/common';

import { FeatureMetrics } from '../features/feature-metrics.js';

/**
 * Confirmed frauds in, merchant fraud feedback out (read by the
 * transactions' window steps two days later): each confirmation counts once
 * on its transaction's UTC day for its merchant, in one atomic Redis call,
 * so a redelivered batch changes nothing.
 */
@Injectable()
export class MerchantFeedbackConsumer {
  constructor(
    private readonly store: RedisWindowStore,
    private readonly metrics: FeatureMetrics,
  ) {}

  @StreamBatch('fraud-confirmations')
  async countConfirmations(batch: ConsumedBatch<FraudConfirmation>): Promise<void> {
    await batch.mapRecords(async ({ event: confirmation }) => {
      const counted = await redisCall('counting a confirmed fraud', () => this.store.confirm(confirmation));
      this.metrics.confirmations.inc({ outcome: counted ? 'counted' : 'not_counted' });
    });
  }
}
