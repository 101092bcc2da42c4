import { describe, expect, it } from 'vitest';

import { lowWatermark, type PartitionProgress } from './low-watermark.js';

const NOW = 1_000_000;
const IDLE = 60_000;

function progress(entries: Record<string, [number | undefined, number]>): Map<string, PartitionProgress> {
  return new Map(
    Object.entries(entries).map(([partition, [watermarkMs, lastBatchAtMs]]) => [
      partition,
      { watermarkMs, lastBatchAtMs },
    ]),
  );
}

describe('lowWatermark', () => {
  it('is the lowest watermark of the partitions with a batch within the idle bound', () => {
    const partitions = progress({ '0': [500, NOW], '1': [300, NOW - IDLE], '2': [100, NOW - IDLE - 1] });
    expect(lowWatermark(partitions, '0', NOW, IDLE)).toBe(300);
  });

  it('counts its own partition however long ago its last batch was', () => {
    const partitions = progress({ '0': [200, NOW - 10 * IDLE], '1': [900, NOW] });
    expect(lowWatermark(partitions, '0', NOW, IDLE)).toBe(200);
  });

  it('is undefined while its own partition has no watermark, whatever the others have', () => {
    expect(lowWatermark(progress({ '1': [900, NOW] }), '0', NOW, IDLE)).toBeUndefined();
    expect(lowWatermark(progress({ '0': [undefined, NOW], '1': [900, NOW] }), '0', NOW, IDLE)).toBeUndefined();
  });

  it('forgets nothing while a partition heard from has no watermark yet, unless it has been idle too long', () => {
    expect(lowWatermark(progress({ '0': [700, NOW], '1': [undefined, NOW] }), '0', NOW, IDLE)).toBeUndefined();
    expect(lowWatermark(progress({ '0': [700, NOW], '1': [undefined, NOW - IDLE - 1] }), '0', NOW, IDLE)).toBe(700);
  });
});
