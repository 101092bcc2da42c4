import { describe, expect, it } from 'vitest';

import type { SimEvent } from '../simulation/sim-event.js';
import { simulationConfig } from '../world/world-config.js';
import { createWorld } from '../world/world.js';
import { applyAccountTakeover, takenOverCardsOn } from './account-takeover.js';
import { applyAmountOutlier } from './amount-outlier.js';
import { applyCompromisedMerchants, compromisedMerchantsOn } from './compromised-merchant.js';
import { DEFAULT_SCENARIO_SETTINGS } from './scenario-settings.js';

const world = createWorld(
  simulationConfig({
    seed: 9,
    customers: 20,
    merchants: 80,
    scenarios: {
      ...DEFAULT_SCENARIO_SETTINGS,
      compromisedMerchant: { perDayPer1000Merchants: 50, durationDays: 2 },
      accountTakeover: { perDayPer1000Cards: 100, durationDays: 2, share: 1, amountMultiplier: 5 },
    },
  }),
);

function event(customer: number, merchant: number, amountMinor: number): SimEvent {
  return {
    timeMs: 0,
    customer: world.customers[customer]!,
    merchant: world.merchants[merchant]!,
    amountMinor,
    channel: 'card_present',
    scenario: 'legit',
  };
}

describe('amount_outlier', () => {
  it('labels genuine purchases above 220.00 and leaves 220.00 and other labels alone', () => {
    const labelled = applyAmountOutlier(220, [
      event(0, 0, 22_000),
      event(0, 0, 22_001),
      { ...event(0, 0, 50_000), scenario: 'account_takeover' },
    ]);
    expect(labelled.map((e) => e.scenario)).toEqual(['legit', 'amount_outlier', 'account_takeover']);
  });
});

describe('compromised_merchant', () => {
  it('labels every purchase at a merchant compromised that day, and only those', () => {
    const compromised = [...compromisedMerchantsOn(world, 3)];
    const clean = world.merchants.findIndex((m) => !compromised.includes(m.index));
    expect(compromised.length).toBeGreaterThan(0);
    const labelled = applyCompromisedMerchants(world, 3, [event(0, compromised[0]!, 100), event(1, clean, 100)]);
    expect(labelled.map((e) => e.scenario)).toEqual(['compromised_merchant', 'legit']);
  });
});

describe('account_takeover', () => {
  it('multiplies the amount and labels the taken-over card’s genuine purchases (share 1)', () => {
    const taken = [...takenOverCardsOn(world, 3)];
    const untouched = world.customers.findIndex((c) => !taken.includes(c.index));
    expect(taken.length).toBeGreaterThan(0);
    const labelled = applyAccountTakeover(world, 3, [
      event(taken[0]!, 0, 1_234),
      event(untouched, 0, 1_234),
      { ...event(taken[0]!, 0, 1_000), scenario: 'compromised_merchant' },
    ]);
    expect(labelled.map((e) => [e.scenario, e.amountMinor])).toEqual([
      ['account_takeover', 6_170],
      ['legit', 1_234],
      ['compromised_merchant', 1_000],
    ]);
  });
});
