import type { WindowConfig } from '../window/window-config.js';
import type { FeatureKeys } from './feature-keys.js';

/** An FCALL, as `redis.fcall(...call)` takes it. */
export type StepCall = [name: string, keyCount: number, ...args: (string | number | Buffer)[]];

/** A transaction of a merchant's batch call: its id, event time and its partition's watermark before it. */
export interface MerchantBatchStep {
  readonly transactionId: string;
  readonly timeMs: number;
  readonly watermarkMs: number | undefined;
}

function watermarkArg(watermarkMs: number | undefined): string {
  return watermarkMs === undefined ? '' : String(watermarkMs);
}

/** The keys a merchant's release touches: its window state (not its days, which keep their own TTL). */
export function merchantWindowKeys(keys: FeatureKeys, merchantId: string): [string, string, string] {
  return [keys.merchantEvents(merchantId), keys.merchantFirstCounts(merchantId), keys.merchantMeta(merchantId)];
}

/**
 * The merchant's transactions of one batch of `partition`, in partition
 * order (RedisWindowStore.merchantSteps). `lowWatermarkMs`: the low watermark across partitions, what the
 * merchant may forget by (window/low-watermark.ts).
 */
export function merchantBatchCall(
  keys: FeatureKeys,
  config: WindowConfig,
  merchantId: string,
  partition: string,
  steps: readonly MerchantBatchStep[],
  lowWatermarkMs: number | undefined,
): StepCall {
  const call: StepCall = [
    'fraud_merchant_batch',
    4,
    ...merchantWindowKeys(keys, merchantId),
    keys.merchantDays(merchantId),
    config.windowMs,
    config.allowedLatenessMs,
    partition,
    watermarkArg(lowWatermarkMs),
  ];
  for (const step of steps) call.push(step.transactionId, step.timeMs, watermarkArg(step.watermarkMs));
  return call;
}
