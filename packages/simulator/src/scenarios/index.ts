export { applyAccountTakeover, takenOverCardsOn } from './account-takeover.js';
export { applyAmountOutlier } from './amount-outlier.js';
export { cardTestingBursts } from './card-testing.js';
export { applyCompromisedMerchants, compromisedMerchantsOn } from './compromised-merchant.js';
export { impossibleTravel } from './impossible-travel.js';
export { activeIncidentsOn, incidentsStartingOn, type IncidentSchedule } from './incidents.js';
export { FRAUD_SCENARIOS, type FraudScenario, type Scenario } from './scenario-names.js';
export { withScenarioMix, type ScenarioMix } from './scenario-mix.js';
export { DEFAULT_SCENARIO_SETTINGS, type ScenarioSettings } from './scenario-settings.js';
