import { sumDays } from './day-sums.js';
import { DAY_MS } from './utc-day.js';

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
  /** Days kept, the newest included: back to D − 29 of a transaction a day behind the newest. */
  keptDays: 31,
  /** Wall-clock life of a card's days after its last transaction: the horizon, plus a day. */
  ttlMs: 32 * DAY_MS,
} as const;

/** The history of a transaction on `day` over the card's days. */
export function cardHistory(days: Iterable<CardDay>, day: number): CardHistory {
  const entries = [...days];
  const week = sumDays(entries, day - CARD_HISTORY.shortDays + 1, day, ['count', 'amountSum']);
  const month = sumDays(entries, day - CARD_HISTORY.longDays + 1, day, ['count', 'amountSum']);
  return { count7d: week.count, amountSum7d: week.amountSum, count30d: month.count, amountSum30d: month.amountSum };
}
