import { Random } from '../random/random.js';
import { DAY_MS, type SimEvent } from '../simulation/sim-event.js';
import type { World } from '../world/world.js';

/**
 * Card testing: a stolen card number is tried with many small online charges
 * at many different merchants within a few minutes. Each burst lies wholly
 * inside `day`.
 */
export function cardTestingBursts(world: World, day: number): SimEvent[] {
  const settings = world.config.scenarios.cardTesting;
  const random = Random.for(world.config.seed, 'card_testing', day);
  const bursts = random.poisson((settings.perDayPer1000Cards * world.customers.length) / 1000);
  const spanMs = settings.maxSpanSeconds * 1000;
  const events: SimEvent[] = [];
  for (let burst = 0; burst < bursts; burst++) {
    const customer = random.pick(world.customers);
    const attempts = settings.minAttempts + random.integer(settings.maxAttempts - settings.minAttempts + 1);
    const startMs = day * DAY_MS + Math.floor(random.uniform(0, DAY_MS - spanMs));
    const offsets = Array.from({ length: attempts }, (_, i) => (i === 0 ? 0 : random.integer(spanMs + 1))).sort(
      (a, b) => a - b,
    );
    const merchants = random.sample(world.merchants, attempts);
    offsets.forEach((offset, i) => {
      events.push({
        timeMs: startMs + offset,
        customer,
        merchant: merchants[i % merchants.length] ?? random.pick(world.merchants),
        amountMinor: settings.minAmountMinor + random.integer(settings.maxAmountMinor - settings.minAmountMinor + 1),
        channel: 'card_not_present',
        scenario: 'card_testing',
      });
    });
  }
  return events;
}
