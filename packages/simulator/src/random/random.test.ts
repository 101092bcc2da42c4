import { describe, expect, it } from 'vitest';

import { deriveSeed } from './derive-seed.js';
import { Random } from './random.js';

function draws(random: Random, count: number, draw: (r: Random) => number): number[] {
  return Array.from({ length: count }, () => draw(random));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

describe('Random', () => {
  it('repeats the same sequence for the same seed and another for another seed', () => {
    const a = draws(new Random(42), 5, (r) => r.next());
    expect(draws(new Random(42), 5, (r) => r.next())).toEqual(a);
    expect(draws(new Random(43), 5, (r) => r.next())).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws uniform numbers in [min, max) with mean (min + max) / 2 ± 1%', () => {
    const values = draws(new Random(1), 20_000, (r) => r.uniform(5, 100));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...values)).toBeLessThan(100);
    expect(Math.abs(mean(values) - 52.5)).toBeLessThan(0.525);
  });

  it('draws normals N(12, 3) with mean within 0.1 and standard deviation within 0.1', () => {
    const values = draws(new Random(2), 20_000, (r) => r.normal(12, 3));
    const m = mean(values);
    const std = Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
    expect(Math.abs(m - 12)).toBeLessThan(0.1);
    expect(Math.abs(std - 3)).toBeLessThan(0.1);
  });

  it('draws Poisson counts whose mean is within 2% of the requested mean, small or large', () => {
    for (const expected of [0.5, 2, 3.7, 75]) {
      const values = draws(new Random(3), 20_000, (r) => r.poisson(expected));
      expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      expect(Math.abs(mean(values) - expected) / expected).toBeLessThan(0.02);
    }
    expect(new Random(3).poisson(0)).toBe(0);
    expect(() => new Random(3).poisson(-1)).toThrow(RangeError);
  });

  it('samples distinct items, all of them when asked for more than there are', () => {
    const sample = new Random(4).sample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4);
    expect(sample).toHaveLength(4);
    expect(new Set(sample).size).toBe(4);
    expect(new Random(4).sample([1, 2, 3], 10).sort()).toEqual([1, 2, 3]);
  });

  it('picks uniformly among the items and refuses an empty list', () => {
    const counts = [0, 0, 0];
    const random = new Random(5);
    for (let i = 0; i < 30_000; i++) counts[random.pick([0, 1, 2])]!++;
    expect(counts.every((c) => c > 9_500 && c < 10_500)).toBe(true);
    expect(() => random.pick([])).toThrow(RangeError);
  });
});

describe('deriveSeed', () => {
  it('is a pure function of the seed and the path, distinct for distinct paths', () => {
    expect(deriveSeed(7, 'genuine', 3)).toBe(deriveSeed(7, 'genuine', 3));
    const seeds = new Set([
      deriveSeed(7, 'genuine', 3),
      deriveSeed(7, 'genuine', 4),
      deriveSeed(8, 'genuine', 3),
      deriveSeed(7, 'card_testing', 3),
    ]);
    expect(seeds.size).toBe(4);
    expect(Number.isInteger(deriveSeed(0xffffffff, 'x'))).toBe(true);
  });
});
