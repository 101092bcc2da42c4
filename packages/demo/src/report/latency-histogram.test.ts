import { describe, expect, it } from 'vitest';

import { histogramBars, latencyHistogram } from './latency-histogram.js';

describe('the latency histogram', () => {
  it('counts each latency into the first bucket whose bound holds it, the rest above the last bound', () => {
    const buckets = latencyHistogram([0, 10, 11, 49, 50, 51, 1_000, 4_999, 5_001, 60_000]);
    expect(buckets).toEqual([
      { label: '≤ 10 ms', count: 2 },
      { label: '≤ 25 ms', count: 1 },
      { label: '≤ 50 ms', count: 2 },
      { label: '≤ 100 ms', count: 1 },
      { label: '≤ 150 ms', count: 0 },
      { label: '≤ 250 ms', count: 0 },
      { label: '≤ 500 ms', count: 0 },
      { label: '≤ 1 s', count: 1 },
      { label: '≤ 2 s', count: 0 },
      { label: '≤ 5 s', count: 1 },
      { label: '> 5 s', count: 2 },
    ]);
  });

  it('draws bars scaled to the fullest bucket, at least one block for any count', () => {
    const bars = histogramBars(
      [
        { label: '≤ 10 ms', count: 100 },
        { label: '≤ 25 ms', count: 50 },
        { label: '> 5 s', count: 1 },
        { label: '≤ 2 s', count: 0 },
      ],
      10,
    );
    expect(bars).toEqual(['≤ 10 ms │██████████ 100', '≤ 25 ms │█████ 50', '  > 5 s │█ 1', '  ≤ 2 s │ 0']);
  });
});
