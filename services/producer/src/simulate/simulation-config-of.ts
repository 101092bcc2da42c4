import { DEFAULT_SCENARIO_SETTINGS, simulationConfig, withScenarioMix, type SimulationConfig } from '@fraud/simulator';

import type { SimulateOptions } from './simulate-options.js';

/** The simulator's configuration for these options: the same options, the same transactions. */
export function simulationConfigOf(options: SimulateOptions): SimulationConfig {
  return simulationConfig({
    seed: options.seed,
    customers: options.customers,
    merchants: options.merchants,
    startTime: options.startTime,
    scenarios: withScenarioMix(DEFAULT_SCENARIO_SETTINGS, {
      enabled: options.scenarios,
      rateMultiplier: options.fraudMultiplier,
    }),
  });
}
