import type { Random } from '../random/random.js';

/**
 * One purchase amount in minor units from a normal profile. A negative draw
 * (likely for small means) becomes a uniform draw over (0, 2 × mean), which
 * keeps the mean; amounts are at least one minor unit.
 */
export function drawAmountMinor(random: Random, mean: number, std: number): number {
  let amount = random.normal(mean, std);
  if (amount <= 0) amount = random.uniform(0, 2 * mean);
  return Math.max(1, Math.round(amount * 100));
}
