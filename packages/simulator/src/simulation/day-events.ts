import { applyAccountTakeover } from '../scenarios/account-takeover.js';
import { applyAmountOutlier } from '../scenarios/amount-outlier.js';
import { cardTestingBursts } from '../scenarios/card-testing.js';
import { applyCompromisedMerchants } from '../scenarios/compromised-merchant.js';
import { impossibleTravel } from '../scenarios/impossible-travel.js';
import type { World } from '../world/world.js';
import { genuineDay } from './genuine-day.js';
import type { SimEvent } from './sim-event.js';

/**
 * All purchases of `day`, labelled, in event-time order. Labels on genuine
 * purchases go from the most to the least specific cause: a compromised
 * merchant, then a takeover, then the amount threshold. Injected frauds (card
 * testing, impossible travel) come on top.
 */
export function dayEvents(world: World, day: number): SimEvent[] {
  const { scenarios } = world.config;
  const genuine = applyAmountOutlier(
    scenarios.amountOutlierThreshold,
    applyAccountTakeover(world, day, applyCompromisedMerchants(world, day, genuineDay(world, day))),
  );
  const events = [...genuine, ...cardTestingBursts(world, day), ...impossibleTravel(world, day, genuine)];
  // Array.prototype.sort is stable, so equal times keep their (deterministic) generation order.
  return events.sort((a, b) => a.timeMs - b.timeMs);
}
