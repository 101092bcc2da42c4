import { deriveSeed } from './derive-seed.js';
import { mulberry32 } from './mulberry32.js';
import { standardNormal } from './normal.js';
import { poisson } from './poisson.js';

/** A seeded source of the distributions the simulation draws from. */
export class Random {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A generator for the stream named by `path` under `seed`. */
  static for(seed: number, ...path: readonly (string | number)[]): Random {
    return new Random(deriveSeed(seed, ...path));
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [0, maxExclusive). */
  integer(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  normal(mean: number, std: number): number {
    return mean + std * standardNormal(this.next);
  }

  poisson(mean: number): number {
    return poisson(this.next, mean);
  }

  bernoulli(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[this.integer(items.length)] as T;
  }

  /** `count` distinct items (all of them when there are fewer), by a partial Fisher–Yates shuffle. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.integer(copy.length - i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  }
}
