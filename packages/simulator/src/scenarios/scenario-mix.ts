import type { FraudScenario } from './scenario-names.js';
import type { ScenarioSettings } from './scenario-settings.js';

export interface ScenarioMix {
  /** Scenarios that strike; the others are off. */
  readonly enabled: readonly FraudScenario[];
  /** Multiplies how often the enabled incident scenarios strike (a demo wants more fraud to see). */
  readonly rateMultiplier: number;
}

/**
 * `settings` with only the `enabled` scenarios on, their incident rates
 * scaled. `amount_outlier` has no rate (it is a threshold on genuine
 * amounts), so the multiplier leaves it alone.
 */
export function withScenarioMix(settings: ScenarioSettings, mix: ScenarioMix): ScenarioSettings {
  if (!(mix.rateMultiplier >= 0) || !Number.isFinite(mix.rateMultiplier)) {
    throw new RangeError('rateMultiplier must be a finite number >= 0');
  }
  const on = new Set(mix.enabled);
  const scale = (scenario: FraudScenario, rate: number): number => (on.has(scenario) ? rate * mix.rateMultiplier : 0);
  return {
    amountOutlierThreshold: on.has('amount_outlier') ? settings.amountOutlierThreshold : Number.POSITIVE_INFINITY,
    compromisedMerchant: {
      ...settings.compromisedMerchant,
      perDayPer1000Merchants: scale('compromised_merchant', settings.compromisedMerchant.perDayPer1000Merchants),
    },
    accountTakeover: {
      ...settings.accountTakeover,
      perDayPer1000Cards: scale('account_takeover', settings.accountTakeover.perDayPer1000Cards),
    },
    cardTesting: {
      ...settings.cardTesting,
      perDayPer1000Cards: scale('card_testing', settings.cardTesting.perDayPer1000Cards),
    },
    impossibleTravel: {
      ...settings.impossibleTravel,
      perDayPer1000Cards: scale('impossible_travel', settings.impossibleTravel.perDayPer1000Cards),
    },
  };
}
