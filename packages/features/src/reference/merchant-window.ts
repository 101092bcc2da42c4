import {
  MERCHANT_FEEDBACK,
  merchantFeedback,
  type MerchantDay,
  type MerchantFeedback,
} from '../window/merchant-feedback.js';
import type { MerchantStepResult } from '../window/step-results.js';
import { utcDay } from '../window/utc-day.js';
import { inWindow, isLate, windowCutMs, type WindowConfig } from '../window/window-config.js';

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
  /** Accepted transactions and confirmed frauds per UTC day. */
  readonly days: readonly MerchantDay[];
  /** The transactionIds of the confirmed frauds counted, with their day. */
  readonly confirmed: ReadonlyMap<string, number>;
}

export const EMPTY_MERCHANT_STATE: MerchantState = {
  events: [],
  days: [],
  confirmed: new Map(),
};

/** The newest day any transaction of the merchant was accepted on. */
function newestDay(days: readonly MerchantDay[]): number | undefined {
  const counted = days.filter((entry) => entry.count > 0).map((entry) => entry.day);
  return counted.length === 0 ? undefined : Math.max(...counted);
}

function keptDays(state: MerchantState, newest: number): Pick<MerchantState, 'days' | 'confirmed'> {
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

/** Where a merchant step happens: its partition's watermark, and the lowest across partitions. */
export interface MerchantStepAt {
  readonly watermarkMs: number | undefined;
  /**
   * The lowest persisted watermark of the partitions still counted
   * (docs/window-features.md, "Merchant state"): no partition's transaction
   * that is not late needs an event at or before its cut, so state forgets them.
   */
  readonly lowWatermarkMs: number | undefined;
}

/**
 * One step of a merchant's window (docs/window-features.md, "Merchant state
 * and one step"): pure, the state in, the next state out. The step sees the
 * events after its own partition's cut, so what the state has forgotten
 * (below the low watermark's cut) never changes a feature.
 */
export function merchantStep(
  state: MerchantState,
  x: { readonly transactionId: string; readonly timeMs: number },
  at: MerchantStepAt,
  config: WindowConfig,
): { state: MerchantState; result: MerchantStepResult } {
  const cut = windowCutMs(at.watermarkMs, config);
  const kept = state.events.filter((event) => event.timeMs > Math.min(cut, windowCutMs(at.lowWatermarkMs, config)));
  const live = kept.filter((event) => event.timeMs > cut);
  const late = isLate(x.timeMs, at.watermarkMs, config);
  const day = utcDay(x.timeMs);

  const own = live.find((event) => event.transactionId === x.transactionId);
  if (late) {
    // What x's partition accepted after x is never in its window (its time
    // is past the watermark minus the lateness), so unlike a card's days, a
    // merchant's window needs no positions to be the same on a redelivery.
    const count = live.filter((event) => inWindow(event.timeMs, x.timeMs, config)).length + (own ? 0 : 1);
    return {
      state,
      result: { duplicate: own !== undefined, late, count, feedback: merchantFeedback(state.days, day) },
    };
  }
  if (own !== undefined) {
    return { state, result: { duplicate: true, late, count: own.firstCount, feedback: own.firstFeedback } };
  }
  const count = live.filter((event) => inWindow(event.timeMs, x.timeMs, config)).length + 1;
  const previousNewestDay = newestDay(state.days);
  const pruned = previousNewestDay === undefined || day > previousNewestDay ? keptDays(state, day) : state;
  const days = withDay(pruned.days, day, { count: 1, frauds: 0 });
  const feedback = merchantFeedback(days, day);
  return {
    state: {
      events: [...kept, { ...x, firstCount: count, firstFeedback: feedback }],
      days,
      confirmed: pruned.confirmed,
    },
    result: { duplicate: false, late, count, feedback },
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
