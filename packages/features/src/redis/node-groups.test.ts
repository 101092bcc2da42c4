import { describe, expect, it } from 'vitest';

import { chunksOf } from './node-groups.js';

describe('chunksOf', () => {
  it('keeps each run within the weight, in order, and an overweight item alone', () => {
    const weights = [3, 2, 4, 1, 9, 1, 1];
    const chunks = chunksOf(weights, 5, (w) => w);
    expect(chunks).toEqual([[3, 2], [4, 1], [9], [1, 1]]);
    expect(chunks.flat()).toEqual(weights);
  });

  it('gives no run for no items', () => {
    expect(chunksOf([], 5, () => 1)).toEqual([]);
  });
});
