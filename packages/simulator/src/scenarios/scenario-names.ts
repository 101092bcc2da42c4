import { LEGIT_SCENARIO } from '@fraud/contracts';

/** Every fraud scenario the simulator injects, by the name its labels carry. */
export const FRAUD_SCENARIOS = [
  'amount_outlier',
  'compromised_merchant',
  'account_takeover',
  'card_testing',
  'impossible_travel',
] as const;

export type FraudScenario = (typeof FRAUD_SCENARIOS)[number];
export type Scenario = FraudScenario | typeof LEGIT_SCENARIO;
