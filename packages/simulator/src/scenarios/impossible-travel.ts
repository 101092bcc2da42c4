import { LEGIT_SCENARIO } from '@fraud/contracts';

import { haversineKm } from '../geo/haversine.js';
import { Random } from '../random/random.js';
import { drawAmountMinor } from '../simulation/amount.js';
import { DAY_MS, type SimEvent } from '../simulation/sim-event.js';
import type { World } from '../world/world.js';

/**
 * Impossible travel: a cloned card is used in person in a city far from where
 * the real card has just been used, minutes later. Each incident follows one
 * of the day's genuine purchases (`anchors`) by at least a minute and less
 * than the configured gap.
 */
export function impossibleTravel(world: World, day: number, anchors: readonly SimEvent[]): SimEvent[] {
  const settings = world.config.scenarios.impossibleTravel;
  const random = Random.for(world.config.seed, 'impossible_travel', day);
  const incidents = random.poisson((settings.perDayPer1000Cards * world.customers.length) / 1000);
  const gapMs = settings.maxGapSeconds * 1000;
  // Keep the fraud inside the day so each day's events are complete on their own.
  const candidates = anchors.filter(
    (event) => event.scenario === LEGIT_SCENARIO && event.timeMs < (day + 1) * DAY_MS - gapMs,
  );
  const events: SimEvent[] = [];
  for (let incident = 0; incident < incidents && candidates.length > 0; incident++) {
    const anchor = random.pick(candidates);
    const far = world.merchants.filter(
      (merchant) => haversineKm(anchor.merchant.location, merchant.location) > settings.minDistanceKm,
    );
    if (far.length === 0) continue;
    const { customer } = anchor;
    events.push({
      timeMs: anchor.timeMs + 60_000 + random.integer(gapMs - 61_000),
      customer,
      merchant: random.pick(far),
      amountMinor: drawAmountMinor(random, customer.meanAmount * 2, customer.stdAmount * 2),
      channel: 'card_present',
      scenario: 'impossible_travel',
    });
  }
  return events;
}
