/** Upper bounds of the histogram's buckets, in milliseconds; one more bucket holds everything above the last. */
export const LATENCY_BUCKET_BOUNDS_MS: readonly number[] = [10, 25, 50, 100, 150, 250, 500, 1_000, 2_000, 5_000];

export interface HistogramBucket {
  /** `≤ 10 ms`, …, `> 5 s`. */
  label: string;
  count: number;
}

function formatBound(ms: number): string {
  return ms >= 1_000 ? `${ms / 1_000} s` : `${ms} ms`;
}

/** Latencies counted into fixed buckets, the same for every run so reports compare. */
export function latencyHistogram(latenciesMs: readonly number[]): HistogramBucket[] {
  const counts = new Array<number>(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0);
  for (const latency of latenciesMs) {
    const index = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => latency <= bound);
    const bucket = index < 0 ? LATENCY_BUCKET_BOUNDS_MS.length : index;
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  const last = LATENCY_BUCKET_BOUNDS_MS.at(-1) ?? 0;
  return counts.map((count, index) => {
    const bound = LATENCY_BUCKET_BOUNDS_MS[index];
    return { label: bound === undefined ? `> ${formatBound(last)}` : `≤ ${formatBound(bound)}`, count };
  });
}

/** The histogram as text bars, one line per bucket, the longest bar `width` characters. */
export function histogramBars(buckets: readonly HistogramBucket[], width = 40): string[] {
  const most = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const labelWidth = Math.max(...buckets.map((bucket) => bucket.label.length));
  return buckets.map((bucket) => {
    const length = Math.round((bucket.count / most) * width);
    // A bucket with any latency shows at least a sliver, so a rare tail is not invisible.
    const bar = '█'.repeat(bucket.count > 0 ? Math.max(1, length) : 0);
    return `${bucket.label.padStart(labelWidth)} │${bar} ${bucket.count}`;
  });
}
