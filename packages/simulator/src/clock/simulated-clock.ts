/**
 * Maps simulated time to wall time: the simulation started at `startSimMs`
 * (simulated epoch ms) when the wall clock read `startWallMs`, and runs
 * `speed` times faster than real time (1 = real time). Pure: the caller reads
 * the wall clock and sleeps.
 */
export interface SimulatedClock {
  readonly startWallMs: number;
  readonly startSimMs: number;
  readonly speed: number;
}

export function simulatedClock(startWallMs: number, startSimMs: number, speed: number): SimulatedClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a finite number > 0, got ${speed}`);
  return { startWallMs, startSimMs, speed };
}

/** The wall time at which an event of simulated time `simMs` is due. */
export function wallTimeDue(clock: SimulatedClock, simMs: number): number {
  return clock.startWallMs + (simMs - clock.startSimMs) / clock.speed;
}

/** The simulated time the clock shows at wall time `wallMs`. */
export function simTimeAt(clock: SimulatedClock, wallMs: number): number {
  return clock.startSimMs + (wallMs - clock.startWallMs) * clock.speed;
}

/** Milliseconds to wait at wall time `nowWallMs` before an event of `simMs` is due (0 when already due). */
export function delayUntilDue(clock: SimulatedClock, simMs: number, nowWallMs: number): number {
  return Math.max(0, wallTimeDue(clock, simMs) - nowWallMs);
}
