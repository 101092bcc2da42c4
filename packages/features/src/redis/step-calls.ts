import type { WindowConfig } from '../window/window-config.js';
import type { WindowEvent } from '../window/window-event.js';
import type { FeatureKeys } from './feature-keys.js';

/** The FCALL of a step, as `redis.fcall(...call)` and pipelines take it. */
export type StepCall = [name: string, keyCount: number, ...args: (string | number)[]];

function watermarkArg(watermarkMs: number | undefined): string {
  return watermarkMs === undefined ? '' : String(watermarkMs);
}

/**
 * The card step of `x` (RedisWindowStore.cardStep; the benchmark pipelines
 * the same calls). `durableWatermarkMs`: the partition's watermark persisted
 * when the batch began (reference/card-window.ts).
 */
export function cardStepCall(
  keys: FeatureKeys,
  config: WindowConfig,
  cardToken: string,
  x: WindowEvent,
  watermarkMs: number | undefined,
  durableWatermarkMs: number | undefined,
): StepCall {
  return [
    'fraud_card_window',
    2,
    keys.card(cardToken),
    keys.cardDays(cardToken),
    x.transactionId,
    x.timeMs,
    x.amountMinor,
    x.merchantId,
    x.country,
    // Every digit of a double, so Lua reads back exactly the number sent.
    x.lat.toPrecision(17),
    x.lon.toPrecision(17),
    watermarkArg(watermarkMs),
    config.windowMs,
    config.allowedLatenessMs,
    watermarkArg(durableWatermarkMs),
    x.position ?? '',
  ];
}

/** The keys a merchant's release touches: its window state (not its days, which keep their own TTL). */
export function merchantWindowKeys(keys: FeatureKeys, merchantId: string): [string, string, string] {
  return [keys.merchantEvents(merchantId), keys.merchantFirstCounts(merchantId), keys.merchantMeta(merchantId)];
}

/** The merchant step of `x` on `partition` (RedisWindowStore.merchantStep). */
export function merchantStepCall(
  keys: FeatureKeys,
  config: WindowConfig,
  merchantId: string,
  x: Pick<WindowEvent, 'transactionId' | 'timeMs'>,
  watermarkMs: number | undefined,
  partition: string,
): StepCall {
  return [
    'fraud_merchant_window',
    4,
    ...merchantWindowKeys(keys, merchantId),
    keys.merchantDays(merchantId),
    x.transactionId,
    x.timeMs,
    watermarkArg(watermarkMs),
    config.windowMs,
    config.allowedLatenessMs,
    config.ttlSlackMs,
    partition,
  ];
}
