import { Random } from '../random/random.js';

export interface IncidentSchedule {
  readonly seed: number;
  readonly scenario: string;
  /** Size of the population incidents pick from (merchants or cards), indexes 0…size−1. */
  readonly population: number;
  readonly expectedPerDay: number;
  readonly durationDays: number;
}

/** Indexes that an incident starting on `day` hits: a Poisson count of distinct ones. */
export function incidentsStartingOn(schedule: IncidentSchedule, day: number): number[] {
  const random = Random.for(schedule.seed, schedule.scenario, 'start', day);
  const count = random.poisson(schedule.expectedPerDay);
  if (count === 0) return [];
  return random.sample(
    Array.from({ length: schedule.population }, (_, index) => index),
    count,
  );
}

/**
 * Indexes under an incident on `day`: those hit on that day or on the
 * `durationDays − 1` days before. Each day's picks come from that day's own
 * stream, so any day can be computed without simulating the ones before it.
 */
export function activeIncidentsOn(schedule: IncidentSchedule, day: number): Set<number> {
  const active = new Set<number>();
  for (let start = Math.max(0, day - schedule.durationDays + 1); start <= day; start++) {
    for (const index of incidentsStartingOn(schedule, start)) active.add(index);
  }
  return active;
}
