import { cardAggregates } from '../window/card-aggregates.js';
import { CARD_HISTORY, cardHistory, type CardDay, type CardHistory } from '../window/card-history.js';
import type { CardStepResult } from '../window/step-results.js';
import { utcDay } from '../window/utc-day.js';
import { cardCutMs, inWindow, isLate, type WindowConfig } from '../window/window-config.js';
import type { WindowEvent } from '../window/window-event.js';

/** A card's state: its accepted events in acceptance order, and its UTC days. */
export interface CardState {
  readonly events: readonly WindowEvent[];
  readonly days: readonly CardDay[];
}

export const EMPTY_CARD_STATE: CardState = { events: [], days: [] };

/** The days with `x` counted on its day, and days older than the kept ones dropped. */
function addToDays(days: readonly CardDay[], x: WindowEvent): CardDay[] {
  const day = utcDay(x.timeMs);
  const newest = Math.max(day, ...days.map((entry) => entry.day));
  const next = days.filter((entry) => entry.day > newest - CARD_HISTORY.keptDays);
  const index = next.findIndex((entry) => entry.day === day);
  const current = next[index];
  if (current === undefined) next.push({ day, count: 1, amountSum: x.amountMinor });
  else next[index] = { day, count: current.count + 1, amountSum: current.amountSum + x.amountMinor };
  return next;
}

/** The history as it was when `events[index]` was accepted: every event accepted after it taken back out. */
function historyAtAcceptance(
  state: CardState,
  live: readonly WindowEvent[],
  index: number,
  first: WindowEvent,
): CardHistory {
  const day = utcDay(first.timeMs);
  const history = cardHistory(state.days, day);
  for (const later of live.slice(index + 1)) {
    const laterDay = utcDay(later.timeMs);
    if (laterDay > day) continue;
    if (laterDay > day - CARD_HISTORY.longDays) {
      history.count30d -= 1;
      history.amountSum30d -= later.amountMinor;
    }
    if (laterDay > day - CARD_HISTORY.shortDays) {
      history.count7d -= 1;
      history.amountSum7d -= later.amountMinor;
    }
  }
  return history;
}

/**
 * One step of a card's window (docs/window-features.md, "Card state and one
 * step"): pure, the state in, the next state out.
 */
export function cardStep(
  state: CardState,
  x: WindowEvent,
  watermarkMs: number | undefined,
  config: WindowConfig,
): { state: CardState; result: CardStepResult } {
  const cut = cardCutMs(watermarkMs, config);
  const live = state.events.filter((event) => event.timeMs > cut);
  const index = live.findIndex((event) => event.transactionId === x.transactionId);
  const first = index >= 0 ? live[index] : undefined;
  const duplicate = first !== undefined;
  const late = isLate(x.timeMs, watermarkMs, config);

  if (first !== undefined && !late) {
    const window = live.slice(0, index + 1).filter((event) => inWindow(event.timeMs, first.timeMs, config));
    const history = historyAtAcceptance(state, live, index, first);
    return { state, result: { duplicate, late, aggregates: cardAggregates(window, first), history } };
  }
  if (late) {
    const window = live.filter((event) => inWindow(event.timeMs, x.timeMs, config));
    const history = cardHistory(state.days, utcDay(x.timeMs));
    if (!duplicate) {
      window.push(x);
      // x's own day is in both horizons.
      history.count7d += 1;
      history.amountSum7d += x.amountMinor;
      history.count30d += 1;
      history.amountSum30d += x.amountMinor;
    }
    return { state, result: { duplicate, late, aggregates: cardAggregates(window, x), history } };
  }
  const events = [...live, x];
  const days = addToDays(state.days, x);
  const window = events.filter((event) => inWindow(event.timeMs, x.timeMs, config));
  const history = cardHistory(days, utcDay(x.timeMs));
  return { state: { events, days }, result: { duplicate, late, aggregates: cardAggregates(window, x), history } };
}
