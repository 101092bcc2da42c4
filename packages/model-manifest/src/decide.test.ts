import { describe, expect, it } from 'vitest';

import { decide } from './decide.js';

describe('decide', () => {
  const thresholds = { review: 0.057788, block: 0.233715 };

  it('reviews and blocks at or above each threshold, allows below', () => {
    expect([0, 0.057787, 0.057788, 0.2337, 0.233715, 1].map((score) => decide(score, thresholds))).toEqual([
      'allow',
      'allow',
      'review',
      'review',
      'block',
      'block',
    ]);
  });

  it('blocks, never reviews, when both thresholds are equal', () => {
    expect([0.49, 0.5].map((score) => decide(score, { review: 0.5, block: 0.5 }))).toEqual(['allow', 'block']);
  });
});
