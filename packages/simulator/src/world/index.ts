export { createCustomers, type Customer, type CustomerOptions } from './customer.js';
export { MERCHANT_CATEGORY_CODES } from './merchant-categories.js';
export { createMerchants, type Merchant } from './merchant.js';
export type { Place } from './place.js';
export { DEFAULT_SIMULATION_CONFIG, simulationConfig, type SimulationConfig } from './world-config.js';
export { createWorld, type World } from './world.js';
