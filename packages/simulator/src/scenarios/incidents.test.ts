import { describe, expect, it } from 'vitest';

import { activeIncidentsOn, incidentsStartingOn } from './incidents.js';

const schedule = { seed: 5, scenario: 'test', population: 100, expectedPerDay: 2, durationDays: 3 };

describe('incident schedule', () => {
  it('keeps an index under an incident from its start day for durationDays days', () => {
    // Seed 5 starts three incidents on day 4 and none on day 7, so days 4 to 6 hold them and days 3 and 7 do not.
    const started = incidentsStartingOn(schedule, 4);
    expect(started).toEqual([85, 32, 34]);
    expect(incidentsStartingOn(schedule, 7)).toEqual([]);
    for (const index of started) {
      expect(activeIncidentsOn(schedule, 3).has(index)).toBe(false);
      expect(activeIncidentsOn(schedule, 4).has(index)).toBe(true);
      expect(activeIncidentsOn(schedule, 6).has(index)).toBe(true);
      expect(activeIncidentsOn(schedule, 7).has(index)).toBe(false);
    }
    const day7 = activeIncidentsOn(schedule, 7);
    const expected = new Set([5, 6, 7].flatMap((day) => incidentsStartingOn(schedule, day)));
    expect(day7).toEqual(expected);
    expect(day7).toEqual(new Set([13, 16, 31, 60, 52, 9]));
  });

  it('starts distinct indexes within the population, the same for the same day', () => {
    const started = incidentsStartingOn({ ...schedule, expectedPerDay: 50 }, 1);
    expect(started).toHaveLength(57);
    expect(new Set(started).size).toBe(57);
    expect(started.every((i) => i >= 0 && i < 100)).toBe(true);
    expect(incidentsStartingOn({ ...schedule, expectedPerDay: 50 }, 1)).toEqual(started);
  });

  it('starts nothing when the rate is 0', () => {
    expect(activeIncidentsOn({ ...schedule, expectedPerDay: 0 }, 10).size).toBe(0);
  });
});
