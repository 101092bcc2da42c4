import { DEFAULT_SCENARIO_SETTINGS, type ScenarioSettings } from '../scenarios/scenario-settings.js';

/** Everything that determines a simulation: the same config gives the same transactions. */
export interface SimulationConfig {
  /** Unsigned 32-bit seed. */
  readonly seed: number;
  readonly customers: number;
  readonly merchants: number;
  /** Simulated day 0 starts at this instant (ISO 8601, UTC midnight by convention). */
  readonly startTime: string;
  /** Customers shop at merchants within this distance of home. */
  readonly radiusKm: number;
  /** Share of genuine purchases made online (`card_not_present`). */
  readonly cardNotPresentShare: number;
  readonly scenarios: ScenarioSettings;
}

export const DEFAULT_SIMULATION_CONFIG: SimulationConfig = {
  seed: 1,
  customers: 500,
  merchants: 200,
  startTime: '2026-01-01T00:00:00.000Z',
  radiusKm: 50,
  cardNotPresentShare: 0.2,
  scenarios: DEFAULT_SCENARIO_SETTINGS,
};

/** The defaults with `overrides` applied. */
export function simulationConfig(overrides: Partial<SimulationConfig> = {}): SimulationConfig {
  const config = { ...DEFAULT_SIMULATION_CONFIG, ...overrides };
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) {
    throw new RangeError('seed must be an unsigned 32-bit integer');
  }
  if (!Number.isInteger(config.customers) || config.customers < 1) throw new RangeError('customers must be >= 1');
  if (!Number.isInteger(config.merchants) || config.merchants < 1) throw new RangeError('merchants must be >= 1');
  if (Number.isNaN(Date.parse(config.startTime))) throw new RangeError('startTime must be an ISO 8601 instant');
  return config;
}
