/** A partition's persisted watermark, and when (wall clock) its last batch began or ended. */
export interface PartitionProgress {
  readonly watermarkMs: number | undefined;
  readonly lastBatchAtMs: number;
}

/**
 * The watermark merchant state may forget by (docs/window-features.md,
 * "Merchant state"): the lowest persisted watermark of `own` and of the
 * partitions heard from within `idleMs`. An idle or stuck partition stops
 * holding it back after `idleMs`. Undefined (forget nothing) while any of
 * them has no watermark yet: its first records may be of any time.
 */
export function lowWatermark(
  partitions: ReadonlyMap<string, PartitionProgress>,
  own: string,
  nowMs: number,
  idleMs: number,
): number | undefined {
  const ownWatermark = partitions.get(own)?.watermarkMs;
  if (ownWatermark === undefined) return undefined;
  let low = ownWatermark;
  for (const [partition, { watermarkMs, lastBatchAtMs }] of partitions) {
    if (partition === own || nowMs - lastBatchAtMs > idleMs) continue;
    if (watermarkMs === undefined) return undefined;
    low = Math.min(low, watermarkMs);
  }
  return low;
}
