import type { FraudScore } from '@fraud/contracts';
import { StreamBatch, type ConsumedBatch } from '@fraud/transport';
import { Injectable } from '@nestjs/common';

import { AlertProcessor } from '../alerts/alert-processor.js';
import { CardHits } from '../alerts/card-hits.js';

/**
 * `fraud-scores` in; alerts out on SNS, `fraud-alerts` and the webhook. A
 * card's flagged scores of one batch go through the alert policy together
 * (one state write, at most one notice, one `fraud-alerts` revision): the
 * first of its records takes them all, its later records find them handled.
 * Each card's records run in order, cards concurrently; a record failing
 * other than transiently is retried, then dead-lettered, and the card's
 * later hits go on without it.
 */
@Injectable()
export class AlertingConsumer {
  constructor(private readonly processor: AlertProcessor) {}

  @StreamBatch('fraud-scores')
  async raiseAlerts(batch: ConsumedBatch<FraudScore>): Promise<void> {
    const hits = new CardHits(
      batch.records,
      batch.records.map(({ event }) => event),
    );
    await batch.mapRecords(async (record) => {
      await this.processor.handle(record.event, record, hits.pendingFrom(record.event, record.position));
      hits.markHandled(record.event, record.position);
    });
  }
}
