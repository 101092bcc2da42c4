import { cardAggregates } from '../window/card-aggregates.js';
import type { CardStepResult } from '../window/step-results.js';
import { cardCutMs, inWindow, isLate, type WindowConfig } from '../window/window-config.js';
import type { WindowEvent } from '../window/window-event.js';

/**
 * One step of a card's window (docs/window-features.md, "Card state and one
 * step"): pure, the state in acceptance order in, the next state out.
 */
export function cardStep(
  state: readonly WindowEvent[],
  x: WindowEvent,
  watermarkMs: number | undefined,
  config: WindowConfig,
): { state: readonly WindowEvent[]; result: CardStepResult } {
  const cut = cardCutMs(watermarkMs, config);
  const live = state.filter((event) => event.timeMs > cut);
  const index = live.findIndex((event) => event.transactionId === x.transactionId);
  const first = index >= 0 ? live[index] : undefined;
  const duplicate = first !== undefined;
  const late = isLate(x.timeMs, watermarkMs, config);

  if (first !== undefined && !late) {
    const window = live.slice(0, index + 1).filter((event) => inWindow(event.timeMs, first.timeMs, config));
    return { state, result: { duplicate, late, aggregates: cardAggregates(window, first) } };
  }
  if (late) {
    const window = live.filter((event) => inWindow(event.timeMs, x.timeMs, config));
    if (!duplicate) window.push(x);
    return { state, result: { duplicate, late, aggregates: cardAggregates(window, x) } };
  }
  const next = [...live, x];
  const window = next.filter((event) => inWindow(event.timeMs, x.timeMs, config));
  return { state: next, result: { duplicate, late, aggregates: cardAggregates(window, x) } };
}
