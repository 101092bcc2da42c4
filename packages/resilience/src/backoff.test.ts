import { describe, expect, it } from 'vitest';

import { backoffDelay } from './backoff.js';

const policy = { initialMs: 100, maxMs: 1_000, multiplier: 2 };

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, scaled by the jitter draw', () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, almostOne))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
  });

  it('uses full jitter: a draw of 0.5 waits half the cap, 0 waits nothing', () => {
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});
