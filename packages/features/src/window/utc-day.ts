export const DAY_MS = 86_400_000;

/** Days since the epoch of an event time: the UTC day the longer horizons count by. */
export function utcDay(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS);
}
