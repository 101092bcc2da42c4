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

/** One merchant's part of a batch's steps. */
export interface MerchantSteps {
  readonly merchantId: string;
  readonly steps: readonly MerchantBatchStep[];
}

/**
 * Several merchants' transactions of one batch of `partition`, for one node
 * in one call (`fraud_merchant_batches`: keys as arguments, of many slots).
 */
export function merchantBatchesCall(
  keys: FeatureKeys,
  config: WindowConfig,
  merchants: readonly MerchantSteps[],
  partition: string,
  lowWatermarkMs: number | undefined,
): StepCall {
  const call: StepCall = [
    'fraud_merchant_batches',
    0,
    config.windowMs,
    config.allowedLatenessMs,
    partition,
    watermarkArg(lowWatermarkMs),
  ];
  for (const { merchantId, steps } of merchants) {
    call.push(...merchantWindowKeys(keys, merchantId), keys.merchantDays(merchantId), steps.length);
    for (const step of steps) call.push(step.transactionId, step.timeMs, watermarkArg(step.watermarkMs));
  }
  return call;
}
