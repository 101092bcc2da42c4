import { LEGIT_SCENARIO } from '@fraud/contracts';

import { Random } from '../random/random.js';
import type { SimEvent } from '../simulation/sim-event.js';
import type { World } from '../world/world.js';
import { activeIncidentsOn } from './incidents.js';

/** Cards taken over on `day`. */
export function takenOverCardsOn(world: World, day: number): Set<number> {
  const settings = world.config.scenarios.accountTakeover;
  return activeIncidentsOn(
    {
      seed: world.config.seed,
      scenario: 'account_takeover',
      population: world.customers.length,
      expectedPerDay: (settings.perDayPer1000Cards * world.customers.length) / 1000,
      durationDays: settings.durationDays,
    },
    day,
  );
}

/**
 * On a taken-over card, a share of the still-genuine purchases are the
 * fraudster's: same merchants and times, amounts multiplied.
 */
export function applyAccountTakeover(world: World, day: number, events: readonly SimEvent[]): SimEvent[] {
  const settings = world.config.scenarios.accountTakeover;
  const takenOver = takenOverCardsOn(world, day);
  const random = Random.for(world.config.seed, 'account_takeover', 'pick', day);
  return events.map((event) => {
    if (event.scenario !== LEGIT_SCENARIO || !takenOver.has(event.customer.index)) return event;
    if (!random.bernoulli(settings.share)) return event;
    return {
      ...event,
      amountMinor: Math.round(event.amountMinor * settings.amountMultiplier),
      scenario: 'account_takeover',
    };
  });
}
