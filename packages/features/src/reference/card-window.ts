import { cardAggregates } from '../window/card-aggregates.js';
import { cardFloorDay, cardHistory, type CardDay } from '../window/card-history.js';
import type { CardStepResult } from '../window/step-results.js';
import { utcDay } from '../window/utc-day.js';
import { acceptedFrom } from '../window/partition-position.js';
import { windowCutMs, inWindow, isLate, type WindowConfig } from '../window/window-config.js';
import type { WindowEvent } from '../window/window-event.js';

/** A card's state: its accepted events in acceptance order, and its UTC days. */
export interface CardState {
  readonly events: readonly WindowEvent[];
  readonly days: readonly CardDay[];
}

export const EMPTY_CARD_STATE: CardState = { events: [], days: [] };

/** The days with `x` counted on its day, and days older than `floorDay` dropped. */
function addToDays(days: readonly CardDay[], x: WindowEvent, floorDay: number): CardDay[] {
  const day = utcDay(x.timeMs);
  const next = days.filter((entry) => entry.day >= floorDay);
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
 *
 * A late transaction changes nothing, so its redelivery would find the
 * events of its card accepted after it: with `x.position` known, its
 * features are those as of its position, as the first time.
 */
export function cardStep(
  state: CardState,
  x: WindowEvent,
  watermarkMs: number | undefined,
  config: WindowConfig,
  durableWatermarkMs: number | undefined,
): { state: CardState; result: CardStepResult } {
  const cut = windowCutMs(watermarkMs, config);
  const keepCut = Math.min(cut, windowCutMs(durableWatermarkMs, config));
  const kept = state.events.filter((event) => event.timeMs > keepCut);
  const live = kept.filter((event) => event.timeMs > cut);
  const index = live.findIndex((event) => event.transactionId === x.transactionId);
  const first = index >= 0 ? live[index] : undefined;
  const duplicate = first !== undefined;
  const late = isLate(x.timeMs, watermarkMs, config);

  if (first !== undefined && !late) {
    const window = live.slice(0, index + 1).filter((event) => inWindow(event.timeMs, first.timeMs, config));
    // The history when the first copy was accepted: what was accepted after it taken back out.
    const history = cardHistory(
      [...state.days, ...eventDays(live.slice(index + 1), -1)],
      utcDay(first.timeMs),
      cardFloorDay(watermarkMs),
    );
    return { state, result: { duplicate, late, aggregates: cardAggregates(window, first), history } };
  }
  if (late) {
    // As of x's position: a late x changes nothing, so a redelivery of it
    // finds what was accepted after it in the state, and leaves that out.
    const after = live.filter((event) => acceptedFrom(event, x));
    const before = live.filter((event) => !acceptedFrom(event, x));
    const seen = before.some((event) => event.transactionId === x.transactionId);
    const window = before.filter((event) => inWindow(event.timeMs, x.timeMs, config));
    if (!seen) window.push(x);
    const days = [...state.days, ...eventDays(after, -1), ...(seen ? [] : eventDays([x], 1))];
    const history = cardHistory(days, utcDay(x.timeMs), cardFloorDay(watermarkMs));
    return { state, result: { duplicate: seen, late, aggregates: cardAggregates(window, x), history } };
  }
  const events = [...kept, x];
  // Days are dropped by the durable watermark too: a redelivery's steps see back to its floor.
  const days = addToDays(state.days, x, cardFloorDay(durableWatermarkMs));
  const window = events.filter((event) => inWindow(event.timeMs, x.timeMs, config));
  const history = cardHistory(days, utcDay(x.timeMs), cardFloorDay(watermarkMs));
  return { state: { events, days }, result: { duplicate, late, aggregates: cardAggregates(window, x), history } };
}
