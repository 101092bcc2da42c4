import type { FraudScore } from '@fraud/contracts';
import type { RecordBatch, StreamBatchHooks } from '@fraud/transport';
import { Injectable } from '@nestjs/common';

import { CardHits } from './card-hits.js';

/**
 * Before each batch of `fraud-scores`: its flagged scores grouped by card,
 * so a card's hits of the batch become one alert change (one state write,
 * at most one notice, one `fraud-alerts` revision) instead of one each.
 */
@Injectable()
export class FraudScoreBatchHooks implements StreamBatchHooks<CardHits, FraudScore> {
  before(batch: RecordBatch, events: readonly (FraudScore | undefined)[]): Promise<CardHits> {
    return Promise.resolve(new CardHits(batch.records, events));
  }
}
