import { cardAggregates } from '../window/card-aggregates.js';
import { CARD_HISTORY, cardHistory, type CardDay } from '../window/card-history.js';
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

/** Each event as a day entry of its own: `sign` 1 adds it, -1 takes it back out (cardHistory sums the entries). */
function eventDays(events: readonly WindowEvent[], sign: 1 | -1): CardDay[] {
  return events.map((event) => ({ day: utcDay(event.timeMs), count: sign, amountSum: sign * event.amountMinor }));
}

/**
 * One step of a card's window (docs/window-features.md, "Card state and one
 * step"): pure, the state in, the next state out.
 *
 * `durableWatermarkMs` is the partition's persisted watermark when the
 * batch began (at most `watermarkMs`): every later step of the partition,
 * a redelivery after a crash included, has at least that watermark. The
 * state keeps events down to its cut, the features see those after the
 * record's own: a crash before the watermark is persisted redelivers records
 * whose ids a prune by the record's watermark would have forgotten.
 */
export function cardStep(
  state: CardState,
  x: WindowEvent,
  watermarkMs: number | undefined,
  config: WindowConfig,
  durableWatermarkMs: number | undefined = watermarkMs,
): { state: CardState; result: CardStepResult } {
  const cut = cardCutMs(watermarkMs, config);
  const keepCut = Math.min(cut, cardCutMs(durableWatermarkMs, config));
  const kept = state.events.filter((event) => event.timeMs > keepCut);
  const live = kept.filter((event) => event.timeMs > cut);
  const index = live.findIndex((event) => event.transactionId === x.transactionId);
  const first = index >= 0 ? live[index] : undefined;
  const duplicate = first !== undefined;
  const late = isLate(x.timeMs, watermarkMs, config);

  if (first !== undefined && !late) {
    const window = live.slice(0, index + 1).filter((event) => inWindow(event.timeMs, first.timeMs, config));
    // The history when the first copy was accepted: what was accepted after it taken back out.
    const history = cardHistory([...state.days, ...eventDays(live.slice(index + 1), -1)], utcDay(first.timeMs));
    return { state, result: { duplicate, late, aggregates: cardAggregates(window, first), history } };
  }
  if (late) {
    const window = live.filter((event) => inWindow(event.timeMs, x.timeMs, config));
    if (!duplicate) window.push(x);
    const history = cardHistory(duplicate ? state.days : [...state.days, ...eventDays([x], 1)], utcDay(x.timeMs));
    return { state, result: { duplicate, late, aggregates: cardAggregates(window, x), history } };
  }
  const events = [...kept, x];
  const days = addToDays(state.days, x);
  const window = events.filter((event) => inWindow(event.timeMs, x.timeMs, config));
  const history = cardHistory(days, utcDay(x.timeMs));
  return { state: { events, days }, result: { duplicate, late, aggregates: cardAggregates(window, x), history } };
}
