import { sumDays } from './day-sums.js';
import { DAY_MS } from './utc-day.js';

/**
 * A merchant's transactions and confirmed frauds on UTC days D − 2 and
 * [D − 8, D − 2], for a transaction on day D (docs/window-features.md,
 * "Merchant fraud feedback"): confirmations arrive days late, so only
 * days at least two behind are counted.
 */
export interface MerchantFeedback {
  count1d: number;
  frauds1d: number;
  count7d: number;
  frauds7d: number;
}

/** One UTC day of a merchant: its accepted transactions and the confirmed frauds among them. */
export interface MerchantDay {
  readonly day: number;
  readonly count: number;
  readonly frauds: number;
}

export const MERCHANT_FEEDBACK = {
  delayDays: 2,
  shortDays: 1,
  longDays: 7,
  /** Days kept, the newest included: back to D − 8 of a transaction a day behind the newest. */
  keptDays: 10,
  /** Wall-clock life of a merchant's days and confirmations after its last write. */
  ttlMs: 11 * DAY_MS,
} as const;

/** The feedback of a transaction on `day` over the merchant's days. */
export function merchantFeedback(days: Iterable<MerchantDay>, day: number): MerchantFeedback {
  const entries = [...days];
  const newest = day - MERCHANT_FEEDBACK.delayDays;
  const last = sumDays(entries, newest - MERCHANT_FEEDBACK.shortDays + 1, newest, ['count', 'frauds']);
  const week = sumDays(entries, newest - MERCHANT_FEEDBACK.longDays + 1, newest, ['count', 'frauds']);
  return { count1d: last.count, frauds1d: last.frauds, count7d: week.count, frauds7d: week.frauds };
}

/** Confirmed frauds over transactions; 0 without transactions, and at most 1 (a confirmation may be of a transaction the engine never accepted). */
export function fraudRate(frauds: number, count: number): number {
  return count === 0 ? 0 : Math.min(1, frauds / count);
}
