import { describe, expect, it } from 'vitest';

import { burstyRate, releaseOffsetMs, releasedBy, steadyRate } from './rate-plan.js';

describe('steady rate', () => {
  it('spaces 4 records per second 250 ms apart', () => {
    const plan = steadyRate(4);
    expect([0, 1, 2, 3, 4, 8].map((k) => releaseOffsetMs(plan, k))).toEqual([0, 250, 500, 750, 1000, 2000]);
    expect([0, 249, 250, 999, 1000].map((ms) => releasedBy(plan, ms))).toEqual([1, 1, 2, 4, 5]);
    expect(releasedBy(plan, -1)).toBe(0);
  });
});

describe('bursty rate', () => {
  it('releases each second’s 10 records within its first 100 ms, then pauses', () => {
    const plan = burstyRate(10, 1000, 100);
    expect([0, 1, 9, 10, 11, 25].map((k) => releaseOffsetMs(plan, k))).toEqual([0, 10, 90, 1000, 1010, 2050]);
    expect([0, 95, 100, 999, 1000, 2050].map((ms) => releasedBy(plan, ms))).toEqual([1, 10, 10, 10, 11, 26]);
  });

  it('keeps the average rate: 60 s release 6,000 records at 100 per second', () => {
    const plan = burstyRate(100, 5000, 500);
    expect(releaseOffsetMs(plan, 6000)).toBe(60_000);
    expect(releasedBy(plan, 59_999)).toBe(6000);
  });

  it('refuses rates and bursts that cannot be scheduled', () => {
    expect(() => steadyRate(0)).toThrow(RangeError);
    expect(() => steadyRate(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => burstyRate(10, 1000, 2000)).toThrow(RangeError);
    expect(() => burstyRate(0.5, 1000, 100)).toThrow(RangeError);
  });
});
