import type { FraudConfirmation } from '@fraud/contracts';
import type { ConfirmationSchedule } from '@fraud/simulator';

import type { SimulatedEvents } from './simulated-events.js';

/**
 * Schedules a released batch's frauds, then takes the confirmations due by
 * its latest event time: the batch is the simulation's "now", so a
 * confirmation goes out with the first batch that reaches its `confirmedAt`,
 * never before the simulated time does.
 */
export function dueConfirmations(
  schedule: ConfirmationSchedule,
  events: readonly SimulatedEvents[],
): FraudConfirmation[] {
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const { transaction, label } of events) {
    if (label.isFraud) schedule.add(transaction);
    latestMs = Math.max(latestMs, Date.parse(transaction.timestamp));
  }
  return schedule.takeDue(latestMs);
}
