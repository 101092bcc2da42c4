import { LEGIT_SCENARIO } from '@fraud/contracts';

import { Random } from '../random/random.js';
import type { World } from '../world/world.js';
import { drawAmountMinor } from './amount.js';
import { DAY_MS, type SimEvent } from './sim-event.js';
import { drawTimeOfDayMs } from './time-of-day.js';

/** Every customer's own purchases on `day`, in customer order, all labelled legit. */
export function genuineDay(world: World, day: number): SimEvent[] {
  const random = Random.for(world.config.seed, 'genuine', day);
  const events: SimEvent[] = [];
  for (const customer of world.customers) {
    const count = random.poisson(customer.meanDailyCount);
    for (let i = 0; i < count; i++) {
      const merchant = world.merchants[random.pick(customer.merchantIndexes)];
      if (merchant === undefined) throw new RangeError(`customer ${customer.index} has no merchant in reach`);
      events.push({
        timeMs: day * DAY_MS + drawTimeOfDayMs(random),
        customer,
        merchant,
        amountMinor: drawAmountMinor(random, customer.meanAmount, customer.stdAmount),
        channel: random.bernoulli(world.config.cardNotPresentShare) ? 'card_not_present' : 'card_present',
        scenario: LEGIT_SCENARIO,
      });
    }
  }
  return events;
}
