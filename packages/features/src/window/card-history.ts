import { sumDays } from './day-sums.js';
import { DAY_MS, utcDay } from './utc-day.js';

/**
 * A card's transactions over whole UTC days (docs/window-features.md,
 * "Longer horizons"): days [D − 6, D] and [D − 29, D] for a transaction on day D.
 */
export interface CardHistory {
  count7d: number;
  amountSum7d: number;
  count30d: number;
  amountSum30d: number;
}

/** One UTC day of a card: how many transactions it accepted, and their amount sum. */
export interface CardDay {
  readonly day: number;
  readonly count: number;
  readonly amountSum: number;
}

export const CARD_HISTORY = {
  shortDays: 7,
  longDays: 30,
  /** Days a step sees, its watermark's included: back to D − 29 of a transaction a day behind it. */
  keptDays: 31,
  /** Wall-clock life of a card's days after its last transaction: the horizon, plus a day. */
  ttlMs: 32 * DAY_MS,
} as const;

/**
 * The oldest day a step with watermark `watermarkMs` sees. A transaction that
 * is not late lies at most a day behind the watermark's day, so its 30 days
 * are all at or after it; a late one's history is cut there, whatever older
 * days the state still holds (it keeps them for redeliveries).
 */
export function cardFloorDay(watermarkMs: number | undefined): number {
  return watermarkMs === undefined ? Number.NEGATIVE_INFINITY : utcDay(watermarkMs) - CARD_HISTORY.keptDays + 1;
}

/** The history of a transaction on `day` over the card's days from `floorDay` on. */
export function cardHistory(days: Iterable<CardDay>, day: number, floorDay = Number.NEGATIVE_INFINITY): CardHistory {
  const entries = [...days].filter((entry) => entry.day >= floorDay);
  const week = sumDays(entries, day - CARD_HISTORY.shortDays + 1, day, ['count', 'amountSum']);
  const month = sumDays(entries, day - CARD_HISTORY.longDays + 1, day, ['count', 'amountSum']);
  return { count7d: week.count, amountSum7d: week.amountSum, count30d: month.count, amountSum30d: month.amountSum };
}
