import type { FeatureVector, Transaction } from '@fraud/contracts';

import { featureVector } from '../window/feature-vector.js';
import { DEFAULT_WINDOW_CONFIG, type WindowConfig } from '../window/window-config.js';
import { toWindowEvent, type WindowEvent } from '../window/window-event.js';
import { cardStep } from './card-window.js';
import { EMPTY_MERCHANT_STATE, merchantStep, type MerchantState } from './merchant-window.js';

export interface ReferenceOutput {
  readonly features: FeatureVector;
  readonly late: boolean;
  /** The transactionId was seen before on its card. */
  readonly duplicate: boolean;
}

/**
 * The offline implementation of the window features, in plain TypeScript:
 * it builds the model's training data and is the oracle the Redis library is
 * tested against. Feed it each partition's transactions in partition order
 * (and the partitions interleaved in the order the merchants should see
 * them); it keeps every partition's watermark itself.
 */
export class ReferenceFeatureEngine {
  private readonly cards = new Map<string, readonly WindowEvent[]>();
  private readonly merchants = new Map<string, MerchantState>();
  private readonly watermarks = new Map<string, number>();

  constructor(private readonly config: WindowConfig = DEFAULT_WINDOW_CONFIG) {}

  /** The next transaction of `partition`. */
  process(transaction: Transaction, partition = '0'): ReferenceOutput {
    const watermark = this.watermarks.get(partition);
    const output = this.step(transaction, watermark);
    const time = Date.parse(transaction.timestamp);
    if (watermark === undefined || time > watermark) this.watermarks.set(partition, time);
    return output;
  }

  /** One step with the watermark given, for callers that track partitions themselves. */
  step(transaction: Transaction, watermarkMs: number | undefined): ReferenceOutput {
    const event = toWindowEvent(transaction);
    const card = cardStep(this.cards.get(transaction.cardToken) ?? [], event, watermarkMs, this.config);
    this.cards.set(transaction.cardToken, card.state);
    const merchant = merchantStep(
      this.merchants.get(transaction.merchantId) ?? EMPTY_MERCHANT_STATE,
      event,
      watermarkMs,
      this.config,
    );
    this.merchants.set(transaction.merchantId, merchant.state);
    return {
      features: featureVector(transaction, card.result.aggregates, merchant.result.count),
      late: card.result.late,
      duplicate: card.result.duplicate,
    };
  }
}
