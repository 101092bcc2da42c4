// Knuth's product method is exact but costs about `mean` draws and underflows
// for large means, so large means are split into chunks (a sum of independent
// Poisson variables is Poisson with the summed mean).
const CHUNK = 30;

/** One Poisson draw with the given mean (0 for a mean of 0). */
export function poisson(next: () => number, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean must be finite and >= 0, got ${mean}`);
  let remaining = mean;
  let total = 0;
  while (remaining > 0) {
    const part = Math.min(remaining, CHUNK);
    remaining -= part;
    const limit = Math.exp(-part);
    let product = next();
    while (product > limit) {
      total++;
      product *= next();
    }
  }
  return total;
}
