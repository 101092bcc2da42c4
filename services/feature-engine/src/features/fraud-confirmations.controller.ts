import type { FraudConfirmation } from '@fraud/contracts';
import { RedisWindowStore } from '@fraud/features';
import { redisCall } from '@fraud/redis';
import { StreamEvent } from '@fraud/transport';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { FeatureMetrics } from './feature-metrics.js';

/**
 * Confirmed frauds in, merchant feedback out: each counts once on its
 * transaction's UTC day for its merchant (one atomic Redis call), so a
 * redelivery changes nothing and the batch needs no hooks.
 */
@Controller()
export class FraudConfirmationsController {
  constructor(
    private readonly store: RedisWindowStore,
    private readonly metrics: FeatureMetrics,
  ) {}

  @StreamEvent('fraud-confirmations')
  async onConfirmation(@Payload() confirmation: FraudConfirmation): Promise<void> {
    const counted = await redisCall('counting a confirmed fraud', () => this.store.confirm(confirmation));
    this.metrics.confirmations.inc({ outcome: counted ? 'counted' : 'not_counted' });
  }
}
