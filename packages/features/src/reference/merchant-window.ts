import type { MerchantStepResult } from '../window/step-results.js';
import { inWindow, isLate, merchantCutMs, type WindowConfig } from '../window/window-config.js';

export interface MerchantEvent {
  readonly transactionId: string;
  readonly timeMs: number;
  /** The merchant count computed when it was accepted, repeated for its duplicates. */
  readonly firstCount: number;
}

export interface MerchantState {
  readonly events: readonly MerchantEvent[];
  /** The highest event time the merchant accepted. */
  readonly newestMs: number | undefined;
}

export const EMPTY_MERCHANT_STATE: MerchantState = { events: [], newestMs: undefined };

/** One step of a merchant's window (docs/window-features.md, "Merchant state and one step"). */
export function merchantStep(
  state: MerchantState,
  x: { transactionId: string; timeMs: number },
  watermarkMs: number | undefined,
  config: WindowConfig,
): { state: MerchantState; result: MerchantStepResult } {
  const cut = merchantCutMs(state.newestMs, config);
  const live = state.events.filter((event) => event.timeMs > cut);
  const own = live.find((event) => event.transactionId === x.transactionId);
  const duplicate = own !== undefined;
  const late = isLate(x.timeMs, watermarkMs, config);
  const inX = live.filter((event) => inWindow(event.timeMs, x.timeMs, config)).length;

  if (duplicate && !late) return { state, result: { duplicate, late, count: own.firstCount } };
  if (late) return { state, result: { duplicate, late, count: inX + (duplicate ? 0 : 1) } };
  const count = inX + 1;
  const newestMs = state.newestMs === undefined ? x.timeMs : Math.max(state.newestMs, x.timeMs);
  return {
    state: { events: [...live, { ...x, firstCount: count }], newestMs },
    result: { duplicate, late, count },
  };
}
