import type { SimEvent } from '../simulation/sim-event.js';
import type { World } from '../world/world.js';
import { activeIncidentsOn } from './incidents.js';

/** Merchants whose terminals are compromised on `day`. */
export function compromisedMerchantsOn(world: World, day: number): Set<number> {
  const settings = world.config.scenarios.compromisedMerchant;
  return activeIncidentsOn(
    {
      seed: world.config.seed,
      scenario: 'compromised_merchant',
      population: world.merchants.length,
      expectedPerDay: (settings.perDayPer1000Merchants * world.merchants.length) / 1000,
      durationDays: settings.durationDays,
    },
    day,
  );
}

/** Every purchase at a compromised merchant is fraud: the card data captured there is used at once. */
export function applyCompromisedMerchants(world: World, day: number, events: readonly SimEvent[]): SimEvent[] {
  const compromised = compromisedMerchantsOn(world, day);
  return events.map((event) =>
    compromised.has(event.merchant.index) ? { ...event, scenario: 'compromised_merchant' } : event,
  );
}
