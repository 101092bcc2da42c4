import type { SimulationConfig } from '../world/world-config.js';
import { createWorld } from '../world/world.js';
import { dayEvents } from './day-events.js';
import type { SimulatedTransaction } from './simulated-transaction.js';
import { simulatedTransactionId, toSimulatedTransaction } from './to-simulated-transaction.js';

/**
 * The transactions of simulated days [0, days), in event-time order. Lazy:
 * only one day is held in memory, so long simulations stream.
 */
export function* simulate(config: SimulationConfig, days: number): Generator<SimulatedTransaction> {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a non-negative integer');
  const world = createWorld(config);
  const startEpochMs = Date.parse(config.startTime);
  let n = 0;
  for (let day = 0; day < days; day++) {
    for (const event of dayEvents(world, day)) {
      yield toSimulatedTransaction(event, simulatedTransactionId(config.seed, n++), startEpochMs);
    }
  }
}
