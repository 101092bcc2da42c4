import type { FraudScore } from '@fraud/contracts';
import { StreamEvent, StreamRecordContext } from '@fraud/transport';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { AlertProcessor } from './alert-processor.js';
import type { CardHits } from './card-hits.js';

/** `fraud-scores` in: each card's flagged scores of a batch through the alert policy together, its alert out on SNS, `fraud-alerts` and the webhook. */
@Controller()
export class FraudScoresController {
  constructor(private readonly processor: AlertProcessor) {}

  @StreamEvent('fraud-scores')
  async onScore(@Payload() score: FraudScore, @Ctx() context: StreamRecordContext): Promise<void> {
    const batch = context.getBatchState<CardHits>();
    await this.processor.handle(
      score,
      {
        stream: context.getStream(),
        partition: context.getPartition(),
        position: context.getPosition(),
        key: context.getKey(),
        timestamp: context.getTimestamp(),
      },
      batch.pendingFrom(score, context.getPosition()),
    );
    batch.markHandled(score, context.getPosition());
  }
}
