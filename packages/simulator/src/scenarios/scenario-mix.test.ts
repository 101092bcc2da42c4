import { describe, expect, it } from 'vitest';

import { simulate } from '../simulation/simulate.js';
import { simulationConfig } from '../world/world-config.js';
import { withScenarioMix } from './scenario-mix.js';
import { FRAUD_SCENARIOS } from './scenario-names.js';
import { DEFAULT_SCENARIO_SETTINGS } from './scenario-settings.js';

function scenariosSeen(enabled: readonly (typeof FRAUD_SCENARIOS)[number][], rateMultiplier: number): string[] {
  const scenarios = withScenarioMix(DEFAULT_SCENARIO_SETTINGS, { enabled, rateMultiplier });
  const seen = new Set<string>();
  for (const { label } of simulate(simulationConfig({ seed: 7, scenarios }), 20)) seen.add(label.scenario);
  return [...seen].sort();
}

describe('scenario mix', () => {
  it('scales the enabled incident rates and turns the others off', () => {
    const mixed = withScenarioMix(DEFAULT_SCENARIO_SETTINGS, { enabled: ['card_testing'], rateMultiplier: 4 });
    expect(mixed.cardTesting.perDayPer1000Cards).toBe(2);
    expect(mixed.impossibleTravel.perDayPer1000Cards).toBe(0);
    expect(mixed.accountTakeover.perDayPer1000Cards).toBe(0);
    expect(mixed.compromisedMerchant.perDayPer1000Merchants).toBe(0);
    expect(mixed.amountOutlierThreshold).toBe(Number.POSITIVE_INFINITY);
    expect(mixed.cardTesting.maxAttempts).toBe(DEFAULT_SCENARIO_SETTINGS.cardTesting.maxAttempts);
  });

  it('keeps the amount threshold when amount_outlier is on', () => {
    const mixed = withScenarioMix(DEFAULT_SCENARIO_SETTINGS, { enabled: ['amount_outlier'], rateMultiplier: 10 });
    expect(mixed.amountOutlierThreshold).toBe(DEFAULT_SCENARIO_SETTINGS.amountOutlierThreshold);
  });

  it('makes a simulation label only the enabled scenarios', () => {
    expect(scenariosSeen(['card_testing', 'impossible_travel'], 5)).toEqual([
      'card_testing',
      'impossible_travel',
      'legit',
    ]);
    expect(scenariosSeen([], 1)).toEqual(['legit']);
  });

  it('refuses a negative or infinite multiplier', () => {
    for (const rateMultiplier of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => withScenarioMix(DEFAULT_SCENARIO_SETTINGS, { enabled: [], rateMultiplier })).toThrow(RangeError);
    }
  });
});
