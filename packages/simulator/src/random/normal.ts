/** One standard normal draw by the Box–Muller transform from two uniform draws. */
export function standardNormal(next: () => number): number {
  // 1 - u is in (0, 1], so the logarithm stays finite.
  const u = 1 - next();
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
