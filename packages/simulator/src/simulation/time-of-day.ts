import type { Random } from '../random/random.js';
import { DAY_MS } from './sim-event.js';

/** The handbook's time of day: normal around noon with a standard deviation of 20,000 s. */
export const TIME_OF_DAY_MEAN_S = 43_200;
export const TIME_OF_DAY_STD_S = 20_000;

/**
 * Milliseconds into the day, drawn from the normal and truncated to the day by
 * redrawing (about 3% of draws fall outside), so no purchase is lost and none
 * piles up at midnight.
 */
export function drawTimeOfDayMs(random: Random): number {
  for (;;) {
    const ms = Math.round(random.normal(TIME_OF_DAY_MEAN_S, TIME_OF_DAY_STD_S) * 1000);
    if (ms >= 0 && ms < DAY_MS) return ms;
  }
}
