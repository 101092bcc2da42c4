import { describe, expect, it } from 'vitest';

import { delayUntilDue, simTimeAt, simulatedClock, wallTimeDue } from './simulated-clock.js';

const startWall = Date.parse('2026-11-22T10:00:00.000Z');
const startSim = Date.parse('2026-01-01T00:00:00.000Z');

describe('simulated clock', () => {
  it('at real speed, an event one hour into the simulation is due one hour after the start', () => {
    const clock = simulatedClock(startWall, startSim, 1);
    expect(wallTimeDue(clock, startSim + 3_600_000)).toBe(startWall + 3_600_000);
    expect(simTimeAt(clock, startWall + 3_600_000)).toBe(startSim + 3_600_000);
  });

  it('at 60× speed, one simulated hour passes in one wall minute', () => {
    const clock = simulatedClock(startWall, startSim, 60);
    expect(wallTimeDue(clock, startSim + 3_600_000)).toBe(startWall + 60_000);
    expect(simTimeAt(clock, startWall + 60_000)).toBe(startSim + 3_600_000);
  });

  it('says how long to wait, and 0 for an event already due', () => {
    const clock = simulatedClock(startWall, startSim, 10);
    expect(delayUntilDue(clock, startSim + 10_000, startWall + 400)).toBe(600);
    expect(delayUntilDue(clock, startSim + 10_000, startWall + 5_000)).toBe(0);
  });

  it('refuses a speed that is not a finite positive number', () => {
    for (const speed of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => simulatedClock(startWall, startSim, speed)).toThrow(RangeError);
    }
  });
});
