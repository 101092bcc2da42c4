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
  const history: CardHistory = { count7d: 0, amountSum7d: 0, count30d: 0, amountSum30d: 0 };
  for (const entry of days) {
    if (entry.day > day) continue;
    if (entry.day > day - CARD_HISTORY.longDays) {
      history.count30d += entry.count;
      history.amountSum30d += entry.amountSum;
    }
    if (entry.day > day - CARD_HISTORY.shortDays) {
      history.count7d += entry.count;
      history.amountSum7d += entry.amountSum;
    }
  }
  return history;
}
