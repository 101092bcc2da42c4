import type { FeatureVector, Transaction } from '@fraud/contracts';

import type { ConfirmedFraud } from '../window/confirmed-fraud.js';
import { featureVector } from '../window/feature-vector.js';
import { DEFAULT_WINDOW_CONFIG, type WindowConfig } from '../window/window-config.js';
import { toWindowEvent } from '../window/window-event.js';
import { EMPTY_CARD_STATE, cardStep, type CardState } from './card-window.js';
import { EMPTY_MERCHANT_STATE, merchantConfirm, merchantStep, type MerchantState } from './merchant-window.js';

export interface ReferenceOutput {
  readonly features: FeatureVector;
  readonly late: boolean;
  /** The transactionId was seen before on its card. */
  readonly duplicate: boolean;
}

/** Where a step happens: its watermarks, and its record's place (card-window.ts, merchant-window.ts). */
export interface StepPosition {
  readonly watermarkMs: number | undefined;
  /** The partition's watermark persisted when the batch began (undefined before any was). */
  readonly durableWatermarkMs: number | undefined;
  /** The lowest persisted watermark across partitions (undefined: merchants forget nothing). */
  readonly lowWatermarkMs?: number | undefined;
  readonly position?: string;
}

/**
 * The offline implementation of the window features, in plain TypeScript:
 * it builds the model's training data and is the oracle the Redis library is
 * tested against. Feed it each partition's transactions in partition order
 * (and the partitions interleaved in the order the merchants should see
 * them), and the confirmed frauds where they arrive among them; it keeps
 * every partition's watermark itself.
 */
export class ReferenceFeatureEngine {
  private readonly cards = new Map<string, CardState>();
  private readonly merchants = new Map<string, MerchantState>();
  private readonly watermarks = new Map<string, number>();

  /**
   * `partitions`: the stream's partitions, when known: merchants forget
   * nothing until each has a watermark. Otherwise only the partitions seen
   * so far hold back what merchants forget.
   */
  constructor(
    private readonly config: WindowConfig = DEFAULT_WINDOW_CONFIG,
    private readonly partitions: readonly string[] = [],
  ) {}

  /** The next transaction of `partition`. */
  process(transaction: Transaction, partition = '0'): ReferenceOutput {
    const watermark = this.watermarks.get(partition);
    // In one pass nothing is redelivered: every watermark is as good as persisted.
    const output = this.step(transaction, {
      watermarkMs: watermark,
      durableWatermarkMs: watermark,
      lowWatermarkMs: this.lowWatermark(),
    });
    const time = Date.parse(transaction.timestamp);
    if (watermark === undefined || time > watermark) this.watermarks.set(partition, time);
    return output;
  }

  /** One step where the caller tracks partitions and batches itself (as the engine does). */
  step(transaction: Transaction, at: StepPosition): ReferenceOutput {
    const event = { ...toWindowEvent(transaction), ...(at.position === undefined ? {} : { position: at.position }) };
    const card = cardStep(
      this.cards.get(transaction.cardToken) ?? EMPTY_CARD_STATE,
      event,
      at.watermarkMs,
      this.config,
      at.durableWatermarkMs,
    );
    this.cards.set(transaction.cardToken, card.state);
    const merchant = merchantStep(
      this.merchants.get(transaction.merchantId) ?? EMPTY_MERCHANT_STATE,
      event,
      { watermarkMs: at.watermarkMs, lowWatermarkMs: at.lowWatermarkMs },
      this.config,
    );
    this.merchants.set(transaction.merchantId, merchant.state);
    return {
      features: featureVector(transaction, card.result, merchant.result),
      late: card.result.late,
      duplicate: card.result.duplicate,
    };
  }

  /** The lowest watermark of the partitions (undefined while one has none). */
  private lowWatermark(): number | undefined {
    if (this.watermarks.size === 0 || this.partitions.some((partition) => !this.watermarks.has(partition))) {
      return undefined;
    }
    return Math.min(...this.watermarks.values());
  }

  /** A confirmed fraud (stream `fraud-confirmations`); returns whether it was counted (not a repeat, not too old). */
  confirm(confirmation: ConfirmedFraud): boolean {
    const { state, counted } = merchantConfirm(this.merchants.get(confirmation.merchantId) ?? EMPTY_MERCHANT_STATE, {
      transactionId: confirmation.transactionId,
      timeMs: Date.parse(confirmation.timestamp),
    });
    this.merchants.set(confirmation.merchantId, state);
    return counted;
  }
}
