import {
  MERCHANT_FEEDBACK,
  merchantFeedback,
  type MerchantDay,
  type MerchantFeedback,
} from '../window/merchant-feedback.js';
import type { MerchantStepResult } from '../window/step-results.js';
import { utcDay } from '../window/utc-day.js';
import { inWindow, isLate, merchantCutMs, type WindowConfig } from '../window/window-config.js';

export interface MerchantEvent {
  readonly transactionId: string;
  readonly timeMs: number;
  /** The merchant count computed when it was accepted, repeated for its duplicates. */
  readonly firstCount: number;
  /** The feedback read when it was accepted: confirmations keep changing it afterwards. */
  readonly firstFeedback: MerchantFeedback;
}

export interface MerchantState {
  readonly events: readonly MerchantEvent[];
  /** The highest event time the merchant accepted. */
  readonly newestMs: number | undefined;
  /** Accepted transactions and confirmed frauds per UTC day. */
  readonly days: readonly MerchantDay[];
  /** The transactionIds of the confirmed frauds counted, with their day. */
  readonly confirmed: ReadonlyMap<string, number>;
}

export const EMPTY_MERCHANT_STATE: MerchantState = {
  events: [],
  newestMs: undefined,
  days: [],
  confirmed: new Map(),
};

/** The newest day any transaction of the merchant was accepted on. */
function newestDay(days: readonly MerchantDay[]): number | undefined {
  const counted = days.filter((entry) => entry.count > 0).map((entry) => entry.day);
  return counted.length === 0 ? undefined : Math.max(...counted);
}

function kept(state: MerchantState, newest: number): Pick<MerchantState, 'days' | 'confirmed'> {
  const oldest = newest - MERCHANT_FEEDBACK.keptDays;
  return {
    days: state.days.filter((entry) => entry.day > oldest),
    confirmed: new Map([...state.confirmed].filter(([, day]) => day > oldest)),
  };
}

function withDay(days: readonly MerchantDay[], day: number, add: { count: number; frauds: number }): MerchantDay[] {
  const next = [...days];
  const index = next.findIndex((entry) => entry.day === day);
  const current = next[index] ?? { day, count: 0, frauds: 0 };
  const updated = { day, count: current.count + add.count, frauds: current.frauds + add.frauds };
  if (index >= 0) next[index] = updated;
  else next.push(updated);
  return next;
}

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
  const day = utcDay(x.timeMs);

  if (duplicate && !late) {
    return { state, result: { duplicate, late, count: own.firstCount, feedback: own.firstFeedback } };
  }
  if (late) {
    const feedback = merchantFeedback(state.days, day);
    return { state, result: { duplicate, late, count: inX + (duplicate ? 0 : 1), feedback } };
  }
  const count = inX + 1;
  const newestMs = state.newestMs === undefined ? x.timeMs : Math.max(state.newestMs, x.timeMs);
  const previousNewestDay = newestDay(state.days);
  const pruned = previousNewestDay === undefined || day > previousNewestDay ? kept(state, day) : state;
  const days = withDay(pruned.days, day, { count: 1, frauds: 0 });
  const feedback = merchantFeedback(days, day);
  return {
    state: {
      events: [...live, { ...x, firstCount: count, firstFeedback: feedback }],
      newestMs,
      days,
      confirmed: pruned.confirmed,
    },
    result: { duplicate, late, count, feedback },
  };
}

/**
 * A confirmed fraud of the merchant (docs/window-features.md, "Merchant fraud
 * feedback"): counted once per transactionId on its transaction's day, unless
 * that day is older than the days kept. Returns whether it was counted.
 */
export function merchantConfirm(
  state: MerchantState,
  confirmation: { transactionId: string; timeMs: number },
): { state: MerchantState; counted: boolean } {
  const day = utcDay(confirmation.timeMs);
  const newest = newestDay(state.days);
  const stale = newest !== undefined && day <= newest - MERCHANT_FEEDBACK.keptDays;
  if (stale || state.confirmed.has(confirmation.transactionId)) return { state, counted: false };
  return {
    state: {
      ...state,
      days: withDay(state.days, day, { count: 0, frauds: 1 }),
      confirmed: new Map(state.confirmed).set(confirmation.transactionId, day),
    },
    counted: true,
  };
}
