import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { FeatureKeys } from './feature-keys.js';
import { laneIndex } from './node-groups.js';

const keys = new FeatureKeys('stack-a-');
const token = (i: number) => createHash('sha256').update(`card-${i}`).digest('hex');

describe('laneIndex', () => {
  it('gives every key of one card, and of one merchant, the same lane', () => {
    for (let i = 0; i < 50; i++) {
      expect(laneIndex(keys.cardDays(token(i)), 4)).toBe(laneIndex(keys.card(token(i)), 4));
      const merchant = `merchant-${i}`;
      const lane = laneIndex(keys.merchantMeta(merchant), 4);
      expect(
        [keys.merchantEvents(merchant), keys.merchantFirstCounts(merchant), keys.merchantDays(merchant)].map((k) =>
          laneIndex(k, 4),
        ),
      ).toEqual([lane, lane, lane]);
    }
  });

  it('is the only lane there is with one connection', () => {
    expect(laneIndex(keys.card(token(1)), 1)).toBe(0);
  });

  it('spreads 4,000 cards over 4 lanes within 10% of a quarter each', () => {
    const perLane = new Map<number, number>();
    for (let i = 0; i < 4_000; i++) {
      const lane = laneIndex(keys.card(token(i)), 4);
      perLane.set(lane, (perLane.get(lane) ?? 0) + 1);
    }
    expect([...perLane.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const count of perLane.values()) expect(Math.abs(count - 1_000)).toBeLessThan(100);
  });
});
