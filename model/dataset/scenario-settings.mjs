import { DEFAULT_SCENARIO_SETTINGS } from '@fraud/simulator';

/**
 * The simulator's default scenarios with each incident rate scaled by its own
 * multiplier (the producer's `--fraud-multiplier` scales all of them alike):
 * training wants enough impossible-travel incidents to learn and measure
 * them, without inflating the handbook-style scenarios whose prevalence the
 * average-precision comparison depends on. `amount_outlier` has no rate.
 */
export function scenarioSettings(multipliers) {
  const scale = (name) => {
    const multiplier = multipliers[name];
    if (!(multiplier >= 0) || !Number.isFinite(multiplier)) {
      throw new RangeError(`scenarioRateMultipliers.${name} must be a finite number >= 0`);
    }
    return multiplier;
  };
  const defaults = DEFAULT_SCENARIO_SETTINGS;
  return {
    ...defaults,
    compromisedMerchant: {
      ...defaults.compromisedMerchant,
      perDayPer1000Merchants: defaults.compromisedMerchant.perDayPer1000Merchants * scale('compromised_merchant'),
    },
    accountTakeover: {
      ...defaults.accountTakeover,
      perDayPer1000Cards: defaults.accountTakeover.perDayPer1000Cards * scale('account_takeover'),
    },
    cardTesting: {
      ...defaults.cardTesting,
      perDayPer1000Cards: defaults.cardTesting.perDayPer1000Cards * scale('card_testing'),
    },
    impossibleTravel: {
      ...defaults.impossibleTravel,
      perDayPer1000Cards: defaults.impossibleTravel.perDayPer1000Cards * scale('impossible_travel'),
    },
  };
}
