/**
 * How fast records are released, as a schedule: `releaseOffsetMs(plan, k)` is
 * when (ms after the start) the k-th record may go. Pure, so a sender sleeps
 * until the offset and a test checks the schedule without waiting.
 *
 * - steady: evenly spaced, `perSecond` records per second;
 * - bursty: the same average rate, but each period's records all leave within
 *   its first `burstMs`, then nothing until the next period.
 */
export type RatePlan =
  | { readonly kind: 'steady'; readonly perSecond: number }
  | { readonly kind: 'bursty'; readonly perSecond: number; readonly periodMs: number; readonly burstMs: number };

export function steadyRate(perSecond: number): RatePlan {
  checkRate(perSecond);
  return { kind: 'steady', perSecond };
}

export function burstyRate(perSecond: number, periodMs: number, burstMs: number): RatePlan {
  checkRate(perSecond);
  if (!(periodMs > 0) || !(burstMs > 0) || burstMs > periodMs) {
    throw new RangeError('bursty rate needs 0 < burstMs <= periodMs');
  }
  if (perSecond * periodMs < 1000) throw new RangeError('bursty rate needs at least one record per period');
  return { kind: 'bursty', perSecond, periodMs, burstMs };
}

function checkRate(perSecond: number): void {
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
    throw new RangeError(`rate must be a finite number > 0 per second, got ${perSecond}`);
  }
}

/** Milliseconds after the start at which record `k` (0-based) is released. */
export function releaseOffsetMs(plan: RatePlan, k: number): number {
  if (plan.kind === 'steady') return (k * 1000) / plan.perSecond;
  const perPeriod = Math.floor((plan.perSecond * plan.periodMs) / 1000);
  const period = Math.floor(k / perPeriod);
  const inPeriod = k % perPeriod;
  return period * plan.periodMs + (inPeriod * plan.burstMs) / perPeriod;
}

/** How many records are released by `elapsedMs` after the start (inclusive). */
export function releasedBy(plan: RatePlan, elapsedMs: number): number {
  if (elapsedMs < 0) return 0;
  if (plan.kind === 'steady') return Math.floor((elapsedMs * plan.perSecond) / 1000) + 1;
  const perPeriod = Math.floor((plan.perSecond * plan.periodMs) / 1000);
  const period = Math.floor(elapsedMs / plan.periodMs);
  const into = elapsedMs - period * plan.periodMs;
  const inPeriod = Math.min(perPeriod, Math.floor((into * perPeriod) / plan.burstMs) + 1);
  return period * perPeriod + inPeriod;
}
